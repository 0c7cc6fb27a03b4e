import { describe, expect, it } from 'vitest';
import {
  type AuthInfo,
  createClaimGuard,
  createRoleGuard,
  createScopeGuard,
  InsufficientScopeError,
  UnauthorizedError,
  withPolicy,
} from '../src/index.js';
import { thrownBy } from './outcome.js';

const auth = (payload: object, policy = { realm: 'shop', rolesClaim: 'roles' as const }) =>
  withPolicy({ payload, header: { alg: 'RS256' }, token: 't' } as AuthInfo, policy);

describe('createScopeGuard', () => {
  it('needs every scope, from scope and scp, exactly', () => {
    const guard = createScopeGuard(['read', 'write']);
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
    const error = thrownBy(() => createScopeGuard(['read'])(undefined));
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error?.headers['WWW-Authenticate']).toBe('Bearer realm="api"');
  });

  it('never grants from inherited or __proto__ keys', () => {
    const payload = JSON.parse('{"__proto__": {"scope": "admin"}, "sub": "x"}');
    expect(thrownBy(() => createScopeGuard(['admin'])(auth(payload)))?.code).toBe(
      'ERR_INSUFFICIENT_SCOPE',
    );
    const inherited = Object.create({ scope: 'admin' });
    expect(thrownBy(() => createScopeGuard(['admin'])(auth(inherited)))?.code).toBe(
      'ERR_INSUFFICIENT_SCOPE',
    );
  });

  it('refuses bad arguments at creation', () => {
    expect(() => createScopeGuard([])).toThrow(TypeError);
    expect(() => createScopeGuard([''])).toThrow(TypeError);
  });
});

describe('createRoleGuard', () => {
  it('needs any one role at the configured claim path', () => {
    const guard = createRoleGuard(['admin', 'ops']);
    expect(thrownBy(() => guard(auth({ roles: ['ops'] })))).toBeUndefined();
    expect(thrownBy(() => guard(auth({ roles: 'admin' })))).toBeUndefined();
    const error = thrownBy(() => guard(auth({ roles: ['user'] })));
    expect(error?.code).toBe('ERR_INSUFFICIENT_ROLE');
    expect(error?.status).toBe(403);
    expect(error?.headers['WWW-Authenticate']).toBe(
      'Bearer realm="shop", error="insufficient_scope", error_description="The access token lacks a required role"',
    );
    const keycloak = { realm: 'api', rolesClaim: 'realm_access.roles' };
    expect(
      thrownBy(() => guard(auth({ realm_access: { roles: ['admin'] } }, keycloak as never))),
    ).toBeUndefined();
    const namespaced = { realm: 'api', rolesClaim: 'https://example.com/roles' };
    expect(
      thrownBy(() => guard(auth({ 'https://example.com/roles': ['ops'] }, namespaced as never))),
    ).toBeUndefined();
    const fn = { realm: 'api', rolesClaim: (p: { groups?: string[] }) => p.groups };
    expect(thrownBy(() => guard(auth({ groups: ['admin'] }, fn as never)))).toBeUndefined();
  });

  it('never grants from __proto__ paths', () => {
    const policy = { realm: 'api', rolesClaim: '__proto__.roles' };
    const payload = JSON.parse('{"__proto__": {"roles": ["admin"]}}');
    expect(thrownBy(() => createRoleGuard(['admin'])(auth({}, policy as never)))?.code).toBe(
      'ERR_INSUFFICIENT_ROLE',
    );
    expect(
      thrownBy(() => createRoleGuard(['admin'])(auth(Object.create({ roles: ['admin'] }))))?.code,
    ).toBe('ERR_INSUFFICIENT_ROLE');
    expect(payload).toBeTruthy();
  });
});

describe('createClaimGuard', () => {
  it('compares values, array membership and predicates', () => {
    expect(
      thrownBy(() => createClaimGuard('email_verified', true)(auth({ email_verified: true }))),
    ).toBeUndefined();
    expect(
      thrownBy(() => createClaimGuard('email_verified', true)(auth({ email_verified: 'true' })))
        ?.code,
    ).toBe('ERR_CLAIM_CHECK_FAILED');
    expect(
      thrownBy(() => createClaimGuard('org.tier', 'gold')(auth({ org: { tier: 'gold' } }))),
    ).toBeUndefined();
    expect(
      thrownBy(() => createClaimGuard('amr', 'mfa')(auth({ amr: ['pwd', 'mfa'] }))),
    ).toBeUndefined();
    const adult = createClaimGuard('age', (v) => typeof v === 'number' && v >= 18);
    expect(thrownBy(() => adult(auth({ age: 20 })))).toBeUndefined();
    expect(thrownBy(() => adult(auth({ age: 12 })))?.status).toBe(403);
    expect(thrownBy(() => adult(auth({})))?.code).toBe('ERR_CLAIM_CHECK_FAILED');
  });
});
