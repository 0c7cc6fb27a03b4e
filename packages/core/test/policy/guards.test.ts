import { describe, expect, it } from 'vitest';
import { withPolicy } from '../../src/auth-info.js';
import { type AuthInfo, InsufficientScopeError, UnauthorizedError } from '../../src/index.js';
import { answeringGuard } from '../../src/policy/guard-middlewares.js';
import {
  type ClaimExpectation,
  createClaimGuard,
  createRoleGuard,
  createScopeGuard,
} from '../../src/policy/index.js';
import { thrownBy } from '../outcome.js';

const policy = { challenge: { realm: 'shop' }, rolesClaim: 'roles' as const };
const auth = (payload: object, given: Parameters<typeof withPolicy>[1] = policy) =>
  withPolicy({ payload, header: { alg: 'RS256' }, token: 't' } as AuthInfo, given);
// The guards as the middlewares run them: refusals answer with the authenticator's realm.
const scopeGuard = (scopes: string[]) => answeringGuard(createScopeGuard(scopes));
const roleGuard = (roles: string[]) => answeringGuard(createRoleGuard(roles));
const claimGuard = (path: string | string[], expected: ClaimExpectation) =>
  answeringGuard(createClaimGuard(path, expected));

describe('createScopeGuard', () => {
  it('needs every scope, from scope and scp, exactly', () => {
    const guard = scopeGuard(['read', 'write']);
    expect(thrownBy(() => guard(auth({ scope: 'read write' })))).toBeUndefined();
    expect(thrownBy(() => guard(auth({ scope: 'read', scp: ['write'] })))).toBeUndefined();
    expect(thrownBy(() => guard(auth({ scp: 'write read' })))).toBeUndefined();
    for (const payload of [
      { scope: 'read' },
      { scope: 'read,write' },
      { scope: 'READ WRITE' },
      { scope: 'read writer' },
      { scope: 'readwrite' },
      { scope: ['read', 'write'].join('\t') },
      {},
    ]) {
      const error = thrownBy(() => guard(auth(payload)));
      expect(error).toBeInstanceOf(InsufficientScopeError);
      expect(error?.status).toBe(403);
      expect(error?.headers['WWW-Authenticate']).toBe(
        'Bearer realm="shop", error="insufficient_scope", error_description="The access token lacks a required scope", scope="read write"',
      );
    }
  });

  it('answers 401 when there is no verified token', () => {
    const error = thrownBy(() => scopeGuard(['read'])(undefined));
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error?.headers['WWW-Authenticate']).toBe('Bearer realm="api"');
  });

  it('never grants from inherited or __proto__ keys', () => {
    const payload = JSON.parse('{"__proto__": {"scope": "admin"}, "sub": "x"}');
    expect(thrownBy(() => scopeGuard(['admin'])(auth(payload)))?.code).toBe(
      'ERR_INSUFFICIENT_SCOPE',
    );
    const inherited = Object.create({ scope: 'admin' });
    expect(thrownBy(() => scopeGuard(['admin'])(auth(inherited)))?.code).toBe(
      'ERR_INSUFFICIENT_SCOPE',
    );
  });

  it('refuses bad arguments at creation', () => {
    expect(() => scopeGuard([])).toThrow(TypeError);
    expect(() => scopeGuard([''])).toThrow(TypeError);
    // A scope must be writable into the challenge's scope="…" (RFC 6749 §3.3 scope-token).
    for (const unfit of ['read orders', 'a"b', 'a\\b', 'API ✓', 'tab\tscope', 'nul\u0000']) {
      expect(() => scopeGuard([unfit])).toThrow(/requireScope\(\) scope/);
    }
  });
});

describe('createRoleGuard', () => {
  it('needs any one role at the configured claim path', () => {
    const guard = roleGuard(['admin', 'ops']);
    expect(thrownBy(() => guard(auth({ roles: ['ops'] })))).toBeUndefined();
    expect(thrownBy(() => guard(auth({ roles: 'admin' })))).toBeUndefined();
    const error = thrownBy(() => guard(auth({ roles: ['user'] })));
    expect(error?.code).toBe('ERR_INSUFFICIENT_ROLE');
    expect(error?.status).toBe(403);
    expect(error?.headers['WWW-Authenticate']).toBe(
      'Bearer realm="shop", error="insufficient_scope", error_description="The access token lacks a required role"',
    );
    const keycloak = { challenge: { realm: 'api' }, rolesClaim: 'realm_access.roles' };
    expect(
      thrownBy(() => guard(auth({ realm_access: { roles: ['admin'] } }, keycloak as never))),
    ).toBeUndefined();
    const namespaced = { challenge: { realm: 'api' }, rolesClaim: 'https://example.com/roles' };
    expect(
      thrownBy(() => guard(auth({ 'https://example.com/roles': ['ops'] }, namespaced as never))),
    ).toBeUndefined();
    const fn = { challenge: { realm: 'api' }, rolesClaim: (p: { groups?: string[] }) => p.groups };
    expect(thrownBy(() => guard(auth({ groups: ['admin'] }, fn as never)))).toBeUndefined();
  });

  it('never grants from __proto__ paths', () => {
    const policy = { challenge: { realm: 'api' }, rolesClaim: '__proto__.roles' };
    const payload = JSON.parse('{"__proto__": {"roles": ["admin"]}}');
    expect(thrownBy(() => roleGuard(['admin'])(auth({}, policy as never)))?.code).toBe(
      'ERR_INSUFFICIENT_ROLE',
    );
    expect(
      thrownBy(() => roleGuard(['admin'])(auth(Object.create({ roles: ['admin'] }))))?.code,
    ).toBe('ERR_INSUFFICIENT_ROLE');
    expect(payload).toBeTruthy();
  });
});

describe('createClaimGuard', () => {
  it('compares values, array membership and predicates', () => {
    expect(
      thrownBy(() => claimGuard('email_verified', true)(auth({ email_verified: true }))),
    ).toBeUndefined();
    expect(
      thrownBy(() => claimGuard('email_verified', true)(auth({ email_verified: 'true' })))?.code,
    ).toBe('ERR_CLAIM_CHECK_FAILED');
    expect(
      thrownBy(() => claimGuard('org.tier', 'gold')(auth({ org: { tier: 'gold' } }))),
    ).toBeUndefined();
    expect(thrownBy(() => claimGuard('amr', 'mfa')(auth({ amr: ['pwd', 'mfa'] })))).toBeUndefined();
    const adult = claimGuard('age', (v) => typeof v === 'number' && v >= 18);
    expect(thrownBy(() => adult(auth({ age: 20 })))).toBeUndefined();
    expect(thrownBy(() => adult(auth({ age: 12 })))?.status).toBe(403);
    expect(thrownBy(() => adult(auth({})))?.code).toBe('ERR_CLAIM_CHECK_FAILED');
  });
});
