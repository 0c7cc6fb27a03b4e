import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyOf } from '../src/auth-info.js';
import { createAuthenticator } from '../src/authenticator.js';
import { answeringGuard } from '../src/policy/guard-middlewares.js';
import { createRoleGuard } from '../src/policy/index.js';
import { thrownBy } from './outcome.js';

let issuer: TestIssuer;

beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['ES256'] });
});
afterAll(() => issuer.close());

describe('createAuthenticator', () => {
  it('hands the guards its realm and rolesClaim, and the AuthInfo stays plain data', async () => {
    const authenticator = createAuthenticator<string>(
      {
        issuer: issuer.issuer,
        audience: issuer.audience,
        challenge: { realm: 'shop' },
        rolesClaim: 'realm_access.roles',
      },
      (authorization) => ({ authorization }),
    );
    const token = await issuer.mint({ claims: { realm_access: { roles: ['clerk'] } } });
    const auth = await authenticator.authenticate(`Bearer ${token}`);

    expect(policyOf(auth)).toEqual({
      challenge: { realm: 'shop' },
      rolesClaim: 'realm_access.roles',
    });
    expect(Object.keys(auth ?? {})).toEqual(['payload', 'header', 'token']);
    expect(JSON.parse(JSON.stringify(auth))).toEqual({
      payload: auth?.payload,
      header: auth?.header,
      token,
    });
    expect(thrownBy(() => answeringGuard(createRoleGuard(['clerk']))(auth))).toBeUndefined();
    const refused = thrownBy(() => answeringGuard(createRoleGuard(['admin']))(auth));
    expect(refused?.status).toBe(403);
    expect(refused?.headers['WWW-Authenticate']).toMatch(
      /^Bearer realm="shop", error="insufficient_scope"/,
    );
  });

  it('keeps each authenticator’s policy apart', async () => {
    const read = (authorization: string) => ({ authorization });
    const base = { issuer: issuer.issuer, audience: issuer.audience };
    const first = createAuthenticator<string>({ ...base, challenge: { realm: 'one' } }, read);
    const second = createAuthenticator<string>(
      { ...base, challenge: { realm: 'two' }, rolesClaim: 'groups' },
      read,
    );
    const header = `Bearer ${await issuer.mint()}`;
    expect(policyOf(await first.authenticate(header))?.challenge.realm).toBe('one');
    expect(policyOf(await second.authenticate(header))).toEqual({
      challenge: { realm: 'two' },
      rolesClaim: 'groups',
    });
  });

  it('refuses at creation a realm that cannot stand in a challenge', () => {
    const base = { issuer: issuer.issuer, audience: issuer.audience };
    for (const realm of ['API ✓', 'a"b', 'a\\b', 'line\nbreak', 'tab\there', 'nul\u0000', 7]) {
      expect(() =>
        createAuthenticator<string>({ ...base, challenge: { realm } } as never, () => ({})),
      ).toThrow(/option "challenge.realm" must be printable ASCII/);
    }
    expect(() =>
      createAuthenticator<string>({ ...base, challenge: { realm: 'My API v2' } }, () => ({})),
    ).not.toThrow();
  });

  it('tells read which optional sources the options turn on', async () => {
    const base = { issuer: issuer.issuer, audience: issuer.audience, credentialsRequired: false };
    const seen: unknown[] = [];
    const read = (_request: string, wanted: unknown) => {
      seen.push(wanted);
      return {};
    };
    await createAuthenticator<string>(base, read).authenticate('');
    await createAuthenticator<string>({ ...base, token: { fromCookie: 'at' } }, read).authenticate(
      '',
    );
    await createAuthenticator<string>(
      { ...base, token: { fromFormBody: true } },
      read,
    ).authenticate('');
    await createAuthenticator<string>({ ...base, token: { fromCookie: '' } }, read).authenticate(
      '',
    );
    const none = { dpop: false, certificate: false, certificateHeader: undefined };
    expect(seen).toEqual([
      { formBody: false, cookie: false, ...none },
      { formBody: false, cookie: true, ...none },
      { formBody: true, cookie: false, ...none },
      { formBody: false, cookie: false, ...none },
    ]);
  });

  it('answers a cached token without its character check, and checks every other token', async () => {
    const authenticator = createAuthenticator<string>(
      { issuer: issuer.issuer, audience: issuer.audience },
      (authorization) => ({ authorization }),
    );
    const token = await issuer.mint();
    expect(authenticator.verifier.reuse(token)).toBeUndefined();
    const first = await authenticator.authenticate(`Bearer ${token}`);
    expect(first?.token).toBe(token);
    // Now held: the same token is answered without waiting.
    const again = authenticator.authenticateMaybeSync(`Bearer ${token}`);
    expect(again).not.toBeInstanceOf(Promise);
    expect((again as { token: string }).token).toBe(token);
    // A token differing by one character outside the alphabet is a malformed request, not
    // a cache miss answered 401.
    for (const header of [`Bearer ${token}!`, `Bearer ${token.slice(0, -1)}*`, 'Bearer ']) {
      const refused = await authenticator.authenticate(header).catch((error) => error);
      expect(refused).toMatchObject({ code: 'ERR_MALFORMED_AUTHORIZATION', status: 400 });
    }
  });

  it('takes an empty getToken result as no token, and leaves its characters to the verifier', async () => {
    const base = { issuer: issuer.issuer, audience: issuer.audience };
    const none = createAuthenticator<string>({ ...base, token: { get: () => '' } }, () => ({}));
    await expect(none.authenticate('')).rejects.toMatchObject({
      code: 'ERR_NO_TOKEN',
      status: 401,
    });
    const odd = createAuthenticator<string>(
      { ...base, token: { get: () => 'a!b.c.d' } },
      () => ({}),
    );
    await expect(odd.authenticate('')).rejects.toMatchObject({
      code: 'ERR_TOKEN_MALFORMED',
      status: 401,
    });
  });
});
