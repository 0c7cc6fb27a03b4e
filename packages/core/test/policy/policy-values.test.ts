/**
 * What counts as a policy, the names policies carry into events, and requirements read on a
 * token that no authenticator prepared (no `rolesClaim`, `scopesClaim` or `events`).
 */
import { describe, expect, it } from 'vitest';
import { type AuthInfo, InsufficientScopeError, type JwtGuardError } from '../../src/index.js';
import { createPolicyCheck } from '../../src/policy/authorize.js';
import {
  authorize,
  hasAnyRole,
  hasAnyScope,
  hasRoles,
  hasScopes,
  namedPolicy,
} from '../../src/policy/index.js';
import { ALLOWED, definePolicy, isPolicy, toPolicy } from '../../src/policy/policy.js';
import { requestOf } from './fixtures.js';

const evaluate = async () => ALLOWED;

describe('isPolicy', () => {
  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a predicate', () => true],
    ['an object without kind', { evaluate }],
    ['another kind', { kind: 'other.policy', evaluate }],
    ['a policy kind without evaluate', { kind: 'jwt-guard.policy' }],
    ['a policy kind whose evaluate is not a function', { kind: 'jwt-guard.policy', evaluate: 1 }],
  ])('is false for %s, which toPolicy refuses with a TypeError naming where', (_name, value) => {
    expect(isPolicy(value)).toBe(false);
    const make = () => toPolicy(value as never, 'requirePolicy()');
    if (typeof value === 'function') return;
    expect(make).toThrow(TypeError);
    expect(make).toThrow('jwt-guard: requirePolicy() is not a policy or a predicate function');
  });

  it('is true for what definePolicy makes, and toPolicy returns it as it is', () => {
    const policy = definePolicy(evaluate);
    expect(isPolicy(policy)).toBe(true);
    expect(toPolicy(policy, 'x')).toBe(policy);
    expect(isPolicy({ kind: 'jwt-guard.policy', evaluate })).toBe(true);
  });
});

describe('policy names', () => {
  it('are kept when given, and absent when not given or empty', () => {
    expect(definePolicy(evaluate, 'canRead').name).toBe('canRead');
    for (const policy of [definePolicy(evaluate), definePolicy(evaluate, '')]) {
      expect(Object.hasOwn(policy, 'name')).toBe(false);
    }
  });

  it("come from a predicate's own name, and an anonymous predicate gives none", () => {
    const isOwner = () => true;
    expect(toPolicy(isOwner, 'x').name).toBe('isOwner');
    expect(
      Object.hasOwn(
        toPolicy(() => true, 'x'),
        'name',
      ),
    ).toBe(false);
  });

  it('namedPolicy names a policy or a predicate, and still decides as it does', async () => {
    const named = namedPolicy('onlyTrue', () => 'yes' as unknown as boolean);
    expect(named.name).toBe('onlyTrue');
    const auth = { payload: {}, header: { alg: 'ES256' }, token: 't' } as AuthInfo;
    await expect(authorize(auth, requestOf(), named)).rejects.toMatchObject({
      code: 'ERR_POLICY_DENIED',
    });
  });

  it.each([
    ['an empty name', ''],
    ['a number', 7],
    ['undefined', undefined],
  ])('namedPolicy refuses %s with a TypeError', (_name, name) => {
    const make = () => namedPolicy(name as never, () => true);
    expect(make).toThrow(TypeError);
    expect(make).toThrow('jwt-guard: namedPolicy() needs a non-empty name');
  });

  it('namedPolicy refuses what is not a policy, naming its argument', () => {
    const make = () => namedPolicy('x', 42 as never);
    expect(make).toThrow(TypeError);
    expect(make).toThrow('jwt-guard: namedPolicy() policy is not a policy or a predicate function');
  });
});

describe('what is not a policy, at each entry', () => {
  it('authorize rejects with a TypeError naming its policy argument', async () => {
    await expect(authorize(undefined, requestOf(), 'admin' as never)).rejects.toThrow(
      'jwt-guard: authorize() policy is not a policy or a predicate function',
    );
  });

  it('createPolicyCheck throws at creation, naming requirePolicy()', () => {
    const make = () => createPolicyCheck({} as never);
    expect(make).toThrow(TypeError);
    expect(make).toThrow('jwt-guard: requirePolicy() is not a policy or a predicate function');
  });

  it.each([
    ['hasRoles', () => hasRoles()],
    ['hasAnyScope', () => hasAnyScope()],
  ])('%s() with nothing to require throws, naming itself', (name, make) => {
    expect(make).toThrow(TypeError);
    expect(make).toThrow(`jwt-guard: ${name}() needs one or more non-empty strings`);
  });
});

describe('a token no authenticator prepared', () => {
  // An AuthInfo built by hand (a test, a queue consumer): no policy settings attached.
  const bare = (payload: object) => ({ payload, header: { alg: 'ES256' }, token: 't' }) as AuthInfo;
  const answer = (auth: AuthInfo, policy: Parameters<typeof authorize>[2]) =>
    authorize(auth, requestOf(), policy).then(
      () => 'allowed',
      (error: JwtGuardError) => ({
        refused: error instanceof InsufficientScopeError,
        code: error.code,
        challenge: error.headers['WWW-Authenticate'],
      }),
    );

  it('reads roles at the default `roles` claim, and scopes at `scope` and `scp`', async () => {
    expect(await answer(bare({ roles: ['admin'] }), hasAnyRole('admin'))).toBe('allowed');
    expect(await answer(bare({ roles: 'admin' }), hasRoles('admin'))).toBe('allowed');
    expect(await answer(bare({ scope: 'read' }), hasScopes('read'))).toBe('allowed');
    expect(await answer(bare({ scp: ['read'] }), hasAnyScope('read'))).toBe('allowed');
  });

  it('refuses with the default realm: there are no authenticator settings to read', async () => {
    expect(await answer(bare({ roles: ['user'] }), hasAnyRole('admin'))).toEqual({
      refused: true,
      code: 'ERR_INSUFFICIENT_ROLE',
      challenge:
        'Bearer realm="api", error="insufficient_scope", error_description="The access token lacks a required role"',
    });
    expect(await answer(bare({}), hasScopes('read'))).toMatchObject({
      refused: true,
      code: 'ERR_INSUFFICIENT_SCOPE',
    });
  });
});
