import { describe, expect, it, vi } from 'vitest';
import {
  allOf,
  anyOf,
  authorize,
  hasAnyScope,
  hasScopes,
  not,
  type PolicyLike,
} from '../../src/policy/index.js';
import { authWith, requestOf } from './fixtures.js';

const yes: PolicyLike = () => true;
const no: PolicyLike = () => false;
const auth = authWith({ sub: 'u1', scope: 'read' });

const decide = async (policy: PolicyLike): Promise<boolean> => {
  try {
    await authorize(auth, requestOf(), policy);
    return true;
  } catch {
    return false;
  }
};

describe('composition truth tables', () => {
  it.each([
    [[yes], true],
    [[no], false],
    [[yes, yes], true],
    [[yes, no], false],
    [[no, yes], false],
    [[no, no], false],
    [[yes, yes, yes], true],
    [[yes, yes, no], false],
  ] as const)('allOf %#', async (policies, expected) => {
    expect(await decide(allOf(...policies))).toBe(expected);
  });

  it.each([
    [[yes], true],
    [[no], false],
    [[yes, no], true],
    [[no, yes], true],
    [[no, no], false],
    [[no, no, yes], true],
  ] as const)('anyOf %#', async (policies, expected) => {
    expect(await decide(anyOf(...policies))).toBe(expected);
  });

  it('not inverts, and nests', async () => {
    expect(await decide(not(yes))).toBe(false);
    expect(await decide(not(no))).toBe(true);
    expect(await decide(not(not(yes)))).toBe(true);
    // De Morgan, as a sanity check of nesting.
    for (const [a, b] of [
      [yes, yes],
      [yes, no],
      [no, yes],
      [no, no],
    ] as const) {
      expect(await decide(not(anyOf(a, b)))).toBe(await decide(allOf(not(a), not(b))));
    }
  });

  it('allows only on a literal true', async () => {
    for (const value of [1, 'true', {}, [], null, undefined, Promise.resolve(1)]) {
      expect(await decide((() => value) as unknown as PolicyLike)).toBe(false);
    }
    expect(await decide(async () => true)).toBe(true);
  });
});

describe('short-circuiting', () => {
  it('allOf stops at the first refusal, anyOf at the first pass', async () => {
    const after = vi.fn(() => true);
    expect(await decide(allOf(no, after))).toBe(false);
    expect(await decide(anyOf(yes, after))).toBe(true);
    expect(after).not.toHaveBeenCalled();
    expect(await decide(allOf(yes, after))).toBe(true);
    expect(after).toHaveBeenCalledTimes(1);
  });

  it('runs children in order, one at a time, even when they are async', async () => {
    const order: string[] = [];
    const slow =
      (name: string, result: boolean, ms: number): PolicyLike =>
      async () => {
        order.push(`start ${name}`);
        await new Promise((r) => setTimeout(r, ms));
        order.push(`end ${name}`);
        return result;
      };
    expect(await decide(allOf(slow('a', true, 20), slow('b', true, 1)))).toBe(true);
    expect(order).toEqual(['start a', 'end a', 'start b', 'end b']);
  });
});

describe('async predicates', () => {
  it('await promises and thenables', async () => {
    const later =
      (v: boolean): PolicyLike =>
      () =>
        new Promise((r) => setTimeout(() => r(v), 5));
    expect(await decide(allOf(later(true), later(true)))).toBe(true);
    expect(await decide(anyOf(later(false), later(true)))).toBe(true);
    expect(await decide(not(later(false)))).toBe(true);
    // A thenable from another promise library is awaited like a promise.
    // biome-ignore lint/suspicious/noThenProperty: the thenable is the point of this test
    const thenable = { then: (ok: (v: boolean) => void) => ok(true) };
    expect(await decide((() => thenable) as unknown as PolicyLike)).toBe(true);
  });

  it('see the verified token and the request', async () => {
    const seen = vi.fn((..._args: unknown[]) => true);
    const request = requestOf({ method: 'DELETE', params: { id: '7' } });
    await authorize(auth, request, seen);
    expect(seen).toHaveBeenCalledWith(auth, request);
  });
});

describe('throwing predicates fail closed', () => {
  const secret = new Error('db password is hunter2');
  const throws: PolicyLike = () => {
    throw secret;
  };
  const rejects: PolicyLike = () => Promise.reject(secret);

  it.each([
    ['a throw', throws],
    ['a rejection', rejects],
    ['not() of a throw', not(throws)],
    ['not(not()) of a throw', not(not(rejects))],
    ['anyOf with no other pass', anyOf(no, throws)],
    ['allOf', allOf(yes, rejects)],
  ])('%s is ERR_POLICY_DENIED with the error as cause only', async (_name, policy) => {
    const error = await authorize(auth, requestOf(), policy).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'ERR_POLICY_DENIED', status: 403, cause: secret });
    const { message, headers } = error as { message: string; headers: Record<string, string> };
    expect(`${message} ${JSON.stringify(headers)}`).not.toContain('hunter2');
  });

  it('lets another alternative of anyOf allow', async () => {
    expect(await decide(anyOf(throws, yes))).toBe(true);
  });

  it('names no scopes when a scope alternative sits beside a throw', async () => {
    const error = await authorize(auth, requestOf(), anyOf(hasScopes('write'), throws)).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'ERR_POLICY_DENIED', scope: undefined });
  });
});

describe('what a refusal names', () => {
  const refusal = (policy: PolicyLike) =>
    authorize(auth, requestOf(), policy).then(
      () => ({ code: 'allowed', scope: undefined }),
      (e: { code: string; scope?: readonly string[] }) => ({ code: e.code, scope: e.scope }),
    );

  it.each([
    ['hasScopes names them all', hasScopes('read', 'write', 'admin'), ['read', 'write', 'admin']],
    ['hasAnyScope names the first', hasAnyScope('write', 'admin'), ['write']],
    [
      'allOf names the first refused requirement',
      allOf(yes, hasScopes('write'), hasScopes('admin')),
      ['write'],
    ],
    [
      'anyOf of scope requirements names the first',
      anyOf(hasScopes('write'), hasScopes('admin')),
      ['write'],
    ],
  ] as const)('%s', async (_name, policy, scope) => {
    expect(await refusal(policy)).toEqual({ code: 'ERR_INSUFFICIENT_SCOPE', scope });
  });

  it.each([
    ['a predicate', no],
    ['allOf refused before its scopes', allOf(no, hasScopes('write'))],
    ['anyOf with a non-scope alternative', anyOf(hasScopes('write'), no)],
    ['not of granted scopes', not(hasScopes('read'))],
  ] as const)('%s: ERR_POLICY_DENIED without scopes', async (_name, policy) => {
    expect(await refusal(policy)).toEqual({ code: 'ERR_POLICY_DENIED', scope: undefined });
  });
});

describe('validation at creation', () => {
  it.each([
    ['allOf()', () => allOf(), /allOf\(\) needs one or more policies/],
    ['anyOf()', () => anyOf(), /anyOf\(\) needs one or more policies/],
    [
      'a string in allOf',
      () => allOf(yes, 'admin' as never),
      /allOf\(\) argument 2 is not a policy/,
    ],
    ['an object in anyOf', () => anyOf({} as never), /anyOf\(\) argument 1 is not a policy/],
    ['undefined in not', () => not(undefined as never), /not\(\) argument is not a policy/],
    ['two arguments to not', () => not(yes, no as never), /not\(\) needs exactly one policy/],
  ])('refuses %s with a TypeError', (_name, make, message) => {
    expect(make).toThrow(TypeError);
    expect(make).toThrow(message);
  });

  it('authorize rejects a non-policy with a TypeError, before reading the token', async () => {
    await expect(authorize(undefined, requestOf(), 42 as never)).rejects.toThrow(TypeError);
  });
});
