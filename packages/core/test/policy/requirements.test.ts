import { describe, expect, it } from 'vitest';
import {
  authorize,
  claim,
  hasAnyRole,
  hasAnyScope,
  hasRoles,
  hasScopes,
  type PolicyLike,
} from '../../src/policy/index.js';
import { authWith, requestOf, SHOP } from './fixtures.js';

const passes = (payload: object, policy: PolicyLike, settings = SHOP) =>
  authorize(authWith(payload, settings), requestOf(), policy).then(
    () => true,
    () => false,
  );

describe('scope requirements', () => {
  it('read scope and scp, exactly', async () => {
    expect(await passes({ scope: 'read write' }, hasScopes('read', 'write'))).toBe(true);
    expect(await passes({ scope: 'read', scp: ['write'] }, hasScopes('read', 'write'))).toBe(true);
    expect(await passes({ scope: 'read' }, hasScopes('read', 'write'))).toBe(false);
    expect(await passes({ scope: 'READ' }, hasAnyScope('read', 'write'))).toBe(false);
    expect(await passes({ scope: 'readwrite' }, hasAnyScope('read', 'write'))).toBe(false);
    expect(await passes({ scp: 'write' }, hasAnyScope('read', 'write'))).toBe(true);
  });

  it("read where the authenticator's scopesClaim says", async () => {
    const settings = { ...SHOP, scopesClaim: 'permissions' };
    expect(await passes({ permissions: ['read'] }, hasScopes('read'), settings)).toBe(true);
    expect(await passes({ scope: 'read' }, hasScopes('read'), settings)).toBe(false);
  });

  it('never grant from inherited keys', async () => {
    expect(await passes(JSON.parse('{"__proto__": {"scope": "admin"}}'), hasScopes('admin'))).toBe(
      false,
    );
  });

  it.each([
    [[], /hasScopes\(\) needs one or more non-empty strings/],
    [[''], /needs one or more non-empty strings/],
    [['a b'], /scope "a b" is not a scope-token/],
    [['say"hi'], /is not a scope-token/],
    [['back\\slash'], /is not a scope-token/],
    [['café'], /is not a scope-token/],
  ])('refuse bad scope names %j with a TypeError', (scopes, message) => {
    expect(() => hasScopes(...scopes)).toThrow(TypeError);
    expect(() => hasScopes(...scopes)).toThrow(message);
    if (scopes.length > 0) expect(() => hasAnyScope(...scopes)).toThrow(TypeError);
  });
});

describe('role requirements', () => {
  it('any or all, at the rolesClaim of the authenticator', async () => {
    expect(await passes({ roles: ['ops'] }, hasAnyRole('admin', 'ops'))).toBe(true);
    expect(await passes({ roles: 'admin' }, hasAnyRole('admin'))).toBe(true);
    expect(await passes({ roles: ['ops'] }, hasRoles('admin', 'ops'))).toBe(false);
    expect(await passes({ roles: ['ops', 'admin'] }, hasRoles('admin', 'ops'))).toBe(true);
    const keycloak = { ...SHOP, rolesClaim: 'realm_access.roles' };
    expect(
      await passes({ realm_access: { roles: ['admin'] } }, hasAnyRole('admin'), keycloak),
    ).toBe(true);
    expect(await passes({ roles: ['admin'] }, hasAnyRole('admin'), keycloak)).toBe(false);
  });

  it('refuse a throwing rolesClaim function (fail closed)', async () => {
    const settings = {
      ...SHOP,
      rolesClaim: () => {
        throw new Error('boom');
      },
    };
    expect(await passes({ roles: ['admin'] }, hasAnyRole('admin'), settings)).toBe(false);
  });

  it('refuse empty role lists with a TypeError', () => {
    expect(() => hasAnyRole()).toThrow(/hasAnyRole\(\) needs one or more non-empty strings/);
    expect(() => hasRoles('admin', 7 as never)).toThrow(TypeError);
  });
});

describe('claim requirements', () => {
  it('match a value, an array member, or a predicate; a missing claim fails', async () => {
    expect(await passes({ email_verified: true }, claim('email_verified', true))).toBe(true);
    expect(await passes({ email_verified: 'true' }, claim('email_verified', true))).toBe(false);
    expect(await passes({ amr: ['pwd', 'mfa'] }, claim('amr', 'mfa'))).toBe(true);
    expect(await passes({ org: { tier: 'gold' } }, claim('org.tier', 'gold'))).toBe(true);
    expect(
      await passes(
        { n: 5 },
        claim('n', async (v) => (v as number) > 3),
      ),
    ).toBe(true);
    let called = false;
    const spy = claim('missing', () => {
      called = true;
      return true;
    });
    expect(await passes({}, spy)).toBe(false);
    expect(called).toBe(false);
  });

  it('refuse a bad path or expectation with a TypeError', () => {
    expect(() => claim('', true)).toThrow(/claim\(\) needs a claim path/);
    expect(() => claim('a', null as never)).toThrow(/claim\(\) needs a value or a predicate/);
  });
});
