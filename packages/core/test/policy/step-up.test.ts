/** Step-up authentication (RFC 9470): the guard, its challenge, and its start-up checks. */
import { describe, expect, it } from 'vitest';
import { answeringGuard } from '../../src/policy/guard-middlewares.js';
import { createAuthLevelGuard } from '../../src/policy/index.js';
import { thrownBy } from '../outcome.js';

const NOW_S = 1_800_000_000;
const clock = () => NOW_S * 1000;
const auth = (payload: Record<string, unknown>) => ({
  payload,
  header: { alg: 'ES256' },
  token: 't',
});

describe('createAuthLevelGuard', () => {
  const guard = answeringGuard(createAuthLevelGuard({ acr: ['mfa', 'hwk'], maxAge: 300 }, clock));

  it.each([
    ['acr and a fresh sign-in', { acr: 'mfa', auth_time: NOW_S - 10 }],
    ['the other acr, exactly maxAge ago', { acr: 'hwk', auth_time: NOW_S - 300 }],
  ])('passes: %s', (_name, payload) => {
    expect(thrownBy(() => guard(auth(payload)))).toBeUndefined();
  });

  it.each([
    ['another acr', { acr: 'pwd', auth_time: NOW_S }],
    ['an acr array', { acr: ['mfa'], auth_time: NOW_S }],
    ['no acr', { auth_time: NOW_S }],
    ['a sign-in too old', { acr: 'mfa', auth_time: NOW_S - 301 }],
    ['no auth_time', { acr: 'mfa' }],
    ['auth_time as a string', { acr: 'mfa', auth_time: String(NOW_S) }],
    ['auth_time not finite', { acr: 'mfa', auth_time: Number.NaN }],
    ['an inherited auth_time', Object.assign(Object.create({ auth_time: NOW_S }), { acr: 'mfa' })],
  ])('refuses %s: 401 insufficient_user_authentication naming what would do', (_name, payload) => {
    const error = thrownBy(() => guard(auth(payload)));
    expect(error).toMatchObject({ code: 'ERR_INSUFFICIENT_USER_AUTHENTICATION', status: 401 });
    expect(error?.headers['WWW-Authenticate']).toBe(
      'Bearer realm="api", error="insufficient_user_authentication", error_description="A different authentication level is required", acr_values="mfa hwk", max_age="300"',
    );
  });

  it('names only what it asks for', () => {
    const acrOnly = thrownBy(() =>
      answeringGuard(createAuthLevelGuard({ acr: ['mfa'] }))(auth({})),
    );
    expect(acrOnly?.headers['WWW-Authenticate']).toMatch(/acr_values="mfa"$/);
    const ageOnly = thrownBy(() =>
      answeringGuard(createAuthLevelGuard({ maxAge: 0 }, clock))(auth({ auth_time: NOW_S - 1 })),
    );
    expect(ageOnly?.headers['WWW-Authenticate']).toMatch(/error_description="[^"]+", max_age="0"$/);
    expect(
      thrownBy(() =>
        answeringGuard(createAuthLevelGuard({ maxAge: 0 }, clock))(auth({ auth_time: NOW_S })),
      ),
    ).toBeUndefined();
  });

  it('answers 401 without a verified token', () => {
    expect(thrownBy(() => guard(undefined))?.code).toBe('ERR_NO_TOKEN');
  });

  it.each([
    [{}, /needs "acr", "maxAge" or both/],
    [{ acr: [] }, /option "acr"/],
    [{ acr: ['two words'] }, /option "acr"/],
    [{ acr: ['quote"d'] }, /option "acr"/],
    [{ acr: [''] }, /option "acr"/],
    [{ maxAge: -1 }, /option "maxAge"/],
    [{ maxAge: 1.5 }, /option "maxAge"/],
    [null, /needs \{ acr\?, maxAge\? \}/],
  ])('refuses %j at creation', (level, message) => {
    expect(() => createAuthLevelGuard(level as never)).toThrow(message);
  });
});
