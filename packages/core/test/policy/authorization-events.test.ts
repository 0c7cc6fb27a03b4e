/**
 * Refusals by guards and policies are reported as `authorization-refused`, through the
 * `events` listener of the authenticator that verified the token (carried by its AuthInfo,
 * never by state shared between requests).
 */
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuardMiddlewares, createPolicyCheck } from '../../src/adapter.js';
import { createAuthenticator } from '../../src/authenticator.js';
import type { JwtGuardEvent } from '../../src/index.js';
import { answeringGuard } from '../../src/policy/guard-middlewares.js';
import type { Guard } from '../../src/policy/guards.js';
import { createScopeGuard } from '../../src/policy/guards.js';
import {
  allOf,
  authorize,
  hasScopes,
  namedPolicy,
  type PolicyRequest,
} from '../../src/policy/index.js';
import { thrownBy } from '../outcome.js';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['ES256'] });
});
afterAll(() => issuer.close());

const recorder = () => {
  const events: JwtGuardEvent[] = [];
  return { events, listener: (event: JwtGuardEvent) => events.push(event) };
};
const authenticatorWith = (events: (event: JwtGuardEvent) => void) =>
  createAuthenticator<string>(
    { issuer: issuer.issuer, audience: issuer.audience, events },
    (authorization) => ({ authorization }),
  );
const refusals = (events: JwtGuardEvent[]) =>
  events.filter((event) => event.type === 'authorization-refused');
// Guards lifted as an adapter does, with no framework: the middleware is the guard itself.
const guards = createGuardMiddlewares<Guard>((guard) => guard);
const request: PolicyRequest<Record<string, string>> = {
  method: 'GET',
  path: '/',
  params: {},
  headers: {},
};

describe('authorization-refused', () => {
  it('names each guard that refused a verified token, and its code', async () => {
    const { events, listener } = recorder();
    const token = await issuer.mint({
      claims: { scope: 'read', roles: ['clerk'], tier: 'secret-tier', acr: 'pwd' },
    });
    const auth = await authenticatorWith(listener).authenticate(`Bearer ${token}`);
    expect(thrownBy(() => guards.requireScope('read')(auth))).toBeUndefined();
    expect(thrownBy(() => guards.requireScope('write')(auth))?.code).toBe('ERR_INSUFFICIENT_SCOPE');
    expect(thrownBy(() => guards.requireRole('admin')(auth))?.code).toBe('ERR_INSUFFICIENT_ROLE');
    expect(thrownBy(() => guards.requireClaim('tier', 'gold')(auth))?.code).toBe(
      'ERR_CLAIM_CHECK_FAILED',
    );
    expect(thrownBy(() => guards.requireAuthLevel({ acr: ['mfa'] })(auth))?.code).toBe(
      'ERR_INSUFFICIENT_USER_AUTHENTICATION',
    );
    const by = { type: 'authorization-refused', issuer: issuer.issuer } as const;
    expect(refusals(events)).toEqual([
      { ...by, code: 'ERR_INSUFFICIENT_SCOPE', status: 403, guard: 'requireScope' },
      { ...by, code: 'ERR_INSUFFICIENT_ROLE', status: 403, guard: 'requireRole' },
      { ...by, code: 'ERR_CLAIM_CHECK_FAILED', status: 403, guard: 'requireClaim', claim: 'tier' },
      {
        ...by,
        code: 'ERR_INSUFFICIENT_USER_AUTHENTICATION',
        status: 401,
        guard: 'requireAuthLevel',
      },
    ]);
    // The accepted token was not refused by its verification.
    expect(events.filter((event) => event.type === 'token-refused')).toEqual([]);
    const text = JSON.stringify(events);
    for (const secret of [token, 'secret-tier', 'clerk', 'pwd']) expect(text).not.toContain(secret);
  });

  it('names requirePolicy and authorize, with the policy name when it has one', async () => {
    const { events, listener } = recorder();
    const auth = await authenticatorWith(listener).authenticate(
      `Bearer ${await issuer.mint({ claims: { scope: 'read' } })}`,
    );
    const canWrite = namedPolicy('canWrite', allOf(hasScopes('write')));
    const isOwner = () => false;
    // One at a time, so the events come in this order.
    for (const check of [
      () => createPolicyCheck(canWrite)(auth, request),
      () => createPolicyCheck(isOwner)(auth, request),
      () => createPolicyCheck(allOf(hasScopes('write')))(auth, request),
      () => authorize(auth, request, canWrite),
    ]) {
      await expect(check()).rejects.toMatchObject({ status: 403 });
    }
    await createPolicyCheck(hasScopes('read'))(auth, request);
    const by = { type: 'authorization-refused', status: 403, issuer: issuer.issuer } as const;
    expect(refusals(events)).toEqual([
      { ...by, code: 'ERR_INSUFFICIENT_SCOPE', guard: 'requirePolicy', policy: 'canWrite' },
      { ...by, code: 'ERR_POLICY_DENIED', guard: 'requirePolicy', policy: 'isOwner' },
      { ...by, code: 'ERR_INSUFFICIENT_SCOPE', guard: 'requirePolicy' },
      { ...by, code: 'ERR_INSUFFICIENT_SCOPE', guard: 'authorize', policy: 'canWrite' },
    ]);
  });

  it('goes to the listener of the authenticator that verified the token, for one shared guard', async () => {
    const first = recorder();
    const second = recorder();
    const token = `Bearer ${await issuer.mint({ claims: { scope: 'read' } })}`;
    const [a, b] = await Promise.all([
      authenticatorWith(first.listener).authenticate(token),
      authenticatorWith(second.listener).authenticate(token),
    ]);
    const guard = guards.requireScope('write');
    expect(thrownBy(() => guard(a))?.code).toBe('ERR_INSUFFICIENT_SCOPE');
    expect(thrownBy(() => guard(b))?.code).toBe('ERR_INSUFFICIENT_SCOPE');
    expect(thrownBy(() => guard(b))?.code).toBe('ERR_INSUFFICIENT_SCOPE');
    expect(refusals(first.events)).toHaveLength(1);
    expect(refusals(second.events)).toHaveLength(2);
  });

  it('reports nothing without a verified token (no authenticator, no listener) and keeps the 401', () => {
    expect(thrownBy(() => guards.requireScope('read')(undefined))?.code).toBe('ERR_NO_TOKEN');
  });

  it('reports only named guards, passes other throws on untouched, and needs no policy on auth', async () => {
    const { events, listener } = recorder();
    const auth = await authenticatorWith(listener).authenticate(
      `Bearer ${await issuer.mint({ claims: { scope: 'read' } })}`,
    );
    expect(thrownBy(() => answeringGuard(createScopeGuard(['write']))(auth))?.code).toBe(
      'ERR_INSUFFICIENT_SCOPE',
    );
    expect(refusals(events)).toEqual([]);
    const bug = new RangeError('a bug in a rolesClaim function');
    const throwing = answeringGuard(() => {
      throw bug;
    }, 'requireRole');
    expect(() => throwing(auth)).toThrow(bug);
    expect(refusals(events)).toEqual([]);
    // An AuthInfo made without an authenticator: refused all the same, reported nowhere.
    const bare = { payload: { scope: 'read' }, header: { alg: 'ES256' }, token: 't' };
    await expect(authorize(bare, request, hasScopes('write'))).rejects.toMatchObject({
      code: 'ERR_INSUFFICIENT_SCOPE',
    });
    expect(thrownBy(() => guards.requireScope('write')(bare))?.code).toBe('ERR_INSUFFICIENT_SCOPE');
  });

  it('names where a value that is no policy was given', async () => {
    await expect(authorize(undefined, request, 'nope' as never)).rejects.toThrow(
      /^jwt-guard: authorize\(\) policy is not a policy/,
    );
    expect(() => createPolicyCheck('nope' as never)).toThrow(
      /^jwt-guard: requirePolicy\(\) is not a policy/,
    );
  });

  it('refuses a name that is not a non-empty string', () => {
    expect(() => namedPolicy('', hasScopes('read'))).toThrow(TypeError);
    expect(() => namedPolicy('x', 'nope' as never)).toThrow(TypeError);
  });
});
