/**
 * `claim(path, predicate)` allows only when the predicate answers `true` (issue 19 §3: a
 * `claim()` that ignored the answer let every token carrying the claim through, and the
 * only predicate test used one that answers `true`). Each case is seen twice: as the
 * policy's outcome, and as the error `authorize` answers with.
 */
import { describe, expect, it, vi } from 'vitest';
import { InsufficientScopeError, type JwtGuardError } from '../../src/index.js';
import {
  allOf,
  anyOf,
  authorize,
  type ClaimCondition,
  claim,
  not,
  type PolicyLike,
} from '../../src/policy/index.js';
import { evaluatePolicy } from '../../src/policy/policy.js';
import { authWith, requestOf } from './fixtures.js';

const TOKEN = { sub: 'u1', tenant: 'acme', amr: ['pwd', 'mfa'], org: { tier: 'gold' }, n: 5 };
const auth = authWith(TOKEN);

/** What `authorize` answers: `'allowed'`, or the refusal's class, code and cause. */
const answer = (policy: PolicyLike, on = auth) =>
  authorize(on, requestOf(), policy).then(
    () => 'allowed' as const,
    (error: JwtGuardError) => ({
      refused: error instanceof InsufficientScopeError,
      code: error.code,
      status: error.status,
      cause: error.cause,
    }),
  );

const DENIED = { refused: true, code: 'ERR_POLICY_DENIED', status: 403, cause: undefined };
// A failed claim is refused in the claim guard's words: one code for one condition.
const CLAIM_FAILED = { ...DENIED, code: 'ERR_CLAIM_CHECK_FAILED' };

describe('claim() with a predicate answering false', () => {
  it.each([
    ['a string claim', 'tenant', (value: unknown) => value === 'globex'],
    ['an array claim', 'amr', (value: unknown) => Array.isArray(value) && value.includes('hwk')],
    ['a nested claim', 'org.tier', (value: unknown) => value === 'platinum'],
    ['a number claim', 'n', (value: unknown) => (value as number) > 10],
    ['always', 'tenant', () => false],
    ['asynchronously', 'tenant', async () => false],
  ] as const)(
    'refuses %s: outcome not allowed, 403 ERR_CLAIM_CHECK_FAILED naming the path',
    async (_name, path, predicate) => {
      const policy = claim(path, predicate);
      expect(await evaluatePolicy(policy, auth, requestOf())).toEqual({
        allowed: false,
        code: 'ERR_CLAIM_CHECK_FAILED',
        claim: path,
      });
      expect(await answer(policy)).toEqual(CLAIM_FAILED);
    },
  );

  it('asks the predicate with the claim value and the whole payload, once', async () => {
    const predicate = vi.fn((_value: unknown, _payload: object) => false);
    expect(await answer(claim('org.tier', predicate))).toEqual(CLAIM_FAILED);
    expect(predicate).toHaveBeenCalledTimes(1);
    expect(predicate).toHaveBeenCalledWith('gold', auth.payload);
    // The same predicate answering true for the same token allows: its answer decides.
    predicate.mockReturnValue(true);
    expect(await answer(claim('org.tier', predicate))).toBe('allowed');
  });

  it('decides by the value: the same predicate allows one token and refuses another', async () => {
    const gold = claim('org.tier', (tier) => tier === 'gold');
    expect(await answer(gold)).toBe('allowed');
    expect(await answer(gold, authWith({ ...TOKEN, org: { tier: 'silver' } }))).toEqual(
      CLAIM_FAILED,
    );
  });
});

describe('claim() with a predicate that throws', () => {
  const secret = new Error('lookup failed: hunter2');

  it.each([
    [
      'a throw',
      () => {
        throw secret;
      },
    ],
    ['a rejection', () => Promise.reject(secret)],
  ] as const)(
    'refuses %s as failed, keeping what it threw as cause only',
    async (_name, predicate) => {
      const policy = claim('tenant', predicate as ClaimCondition);
      expect(await evaluatePolicy(policy, auth, requestOf())).toEqual({
        allowed: false,
        failed: true,
        cause: secret,
      });
      const error = await authorize(auth, requestOf(), policy).catch((e: JwtGuardError) => e);
      expect(error).toBeInstanceOf(InsufficientScopeError);
      expect(error).toMatchObject({ code: 'ERR_POLICY_DENIED', status: 403, cause: secret });
      expect(`${error?.message} ${JSON.stringify(error?.headers)}`).not.toContain('hunter2');
    },
  );

  it('stays refused under not() and beside an allowing requirement in allOf', async () => {
    const throws = claim('tenant', () => {
      throw secret;
    });
    for (const policy of [not(throws), not(not(throws)), allOf(() => true, throws)]) {
      expect(await answer(policy)).toEqual({ ...DENIED, cause: secret });
    }
  });
});

describe('claim() with a predicate answering something other than a boolean', () => {
  it.each([
    ['1', 1],
    ['"true"', 'true'],
    ['the claim value itself', 'acme'],
    ['an object', {}],
    ['an array', ['acme']],
    ['null', null],
    ['undefined', undefined],
    ['a promise of "yes"', Promise.resolve('yes')],
    ['a promise of 1', Promise.resolve(1)],
  ])('refuses %s (only true allows)', async (_name, value) => {
    const policy = claim('tenant', (() => value) as unknown as ClaimCondition);
    expect(await evaluatePolicy(policy, auth, requestOf())).toEqual({
      allowed: false,
      code: 'ERR_CLAIM_CHECK_FAILED',
      claim: 'tenant',
    });
    expect(await answer(policy)).toEqual(CLAIM_FAILED);
    // not() of such a refusal allows: it is a refusal, not a failure.
    expect(await answer(not(policy))).toBe('allowed');
  });

  it('allows on true and on a promise of true', async () => {
    expect(await answer(claim('tenant', () => true))).toBe('allowed');
    expect(await answer(claim('tenant', async () => true))).toBe('allowed');
  });
});

describe('claim() with a value', () => {
  it.each([
    ['an equal string', 'tenant', 'acme', true],
    ['another string', 'tenant', 'globex', false],
    ['a number', 'n', 5, true],
    ['the number as a string', 'n', '5', false],
    ['a member of an array claim', 'amr', 'mfa', true],
    ['no member of an array claim', 'amr', 'hwk', false],
    ['a missing claim', 'nope', 'acme', false],
    ['a nested value', 'org.tier', 'gold', true],
    ['an object claim, compared to a string', 'org', 'gold', false],
  ] as const)('%s', async (_name, path, value, allowed) => {
    expect(await answer(claim(path, value))).toEqual(allowed ? 'allowed' : CLAIM_FAILED);
  });

  it('allows in anyOf when another alternative allows, refuses when none does', async () => {
    expect(
      await answer(
        anyOf(
          claim('tenant', () => false),
          claim('amr', 'mfa'),
        ),
      ),
    ).toBe('allowed');
    expect(
      await answer(
        anyOf(
          claim('tenant', () => false),
          claim('amr', 'hwk'),
        ),
      ),
    ).toEqual(DENIED);
  });

  it('refuses a path given as an array that is empty, and a value of another type', () => {
    expect(() => claim([], 'x')).toThrow(TypeError);
    expect(() => claim(7 as never, 'x')).toThrow(TypeError);
    expect(() => claim('tenant', {} as never)).toThrow(TypeError);
    expect(() => claim('tenant', undefined as never)).toThrow(TypeError);
  });

  it('reads an array path as its segments, and names it dotted in its refusal', async () => {
    expect(await answer(claim(['org', 'tier'], 'gold'))).toBe('allowed');
    expect(await answer(claim(['org', 'tier'], 'silver'))).toEqual(CLAIM_FAILED);
    expect(await evaluatePolicy(claim(['org', 'tier'], 'silver'), auth, requestOf())).toEqual({
      allowed: false,
      code: 'ERR_CLAIM_CHECK_FAILED',
      claim: 'org.tier',
    });
  });
});
