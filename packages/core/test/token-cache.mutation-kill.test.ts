/**
 * The verified-token cache on its own clock: what is kept and for how long (`exp`,
 * `maxAge`, the per-entry bound, the 1 ms floor), the byte and entry bounds, the lookup by
 * the token's last 32 characters, and which failures are remembered.
 */
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../src/errors/codes.js';
import { authInfoMaker } from '../src/verify/issuer-claims.js';
import {
  type CachedVerification,
  createTokenCache,
  type TokenCacheOptions,
  type VerificationRoute,
} from '../src/verify/token-cache.js';

const NOW_S = 1_800_000_000;

function cacheAt(options: TokenCacheOptions = {}) {
  const clock = { ms: NOW_S * 1000 };
  const cache = createTokenCache(options, () => clock.ms);
  return { cache, clock };
}

const entry = (exp: unknown): CachedVerification => ({
  payload: { exp } as CachedVerification['payload'],
  header: { alg: 'ES256' },
  keyId: 'k',
  route: {
    rules: {} as VerificationRoute['rules'],
    holds: undefined,
    authInfo: authInfoMaker(undefined),
  },
});

// Distinct tokens of one length whose last 32 characters differ.
const token = (n: number, length = 100) =>
  `t${n}.`.padEnd(length - 4, 'x') + String(n).padStart(4, '0');

describe('createTokenCache: lifetime of an entry', () => {
  it('keeps an entry until exp, and not a millisecond past it', () => {
    const { cache, clock } = cacheAt();
    const e = entry(NOW_S + 10);
    cache.set(token(1), e, NOW_S);
    expect(cache.get(token(1))).toBe(e);
    clock.ms += 9_999;
    expect(cache.get(token(1))).toBe(e);
    clock.ms += 2;
    expect(cache.get(token(1))).toBeUndefined();
  });

  it('keeps an entry with 1 ms left, and none with less', () => {
    const { cache } = cacheAt();
    cache.set(token(1), entry(NOW_S + 60), NOW_S, 0.001);
    expect(cache.get(token(1))).toBeDefined();
    cache.set(token(2), entry(NOW_S + 60), NOW_S, 0.0009);
    expect(cache.get(token(2))).toBeUndefined();
    cache.set(token(3), entry(NOW_S), NOW_S);
    expect(cache.get(token(3))).toBeUndefined();
  });

  it('keeps nothing without a numeric exp', () => {
    const { cache } = cacheAt();
    cache.set(token(1), entry('1900000000'), NOW_S);
    expect(cache.get(token(1))).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('bounds an entry by the cache maxAge, in seconds', () => {
    const { cache, clock } = cacheAt({ maxAge: 2 });
    cache.set(token(1), entry(NOW_S + 60), NOW_S);
    clock.ms += 1_999;
    expect(cache.get(token(1))).toBeDefined();
    clock.ms += 2;
    expect(cache.get(token(1))).toBeUndefined();
  });

  it('bounds an entry by its own maxAgeSeconds, in seconds', () => {
    const { cache, clock } = cacheAt({ maxAge: 30 });
    cache.set(token(1), entry(NOW_S + 60), NOW_S, 3);
    clock.ms += 2_999;
    expect(cache.get(token(1))).toBeDefined();
    clock.ms += 2;
    expect(cache.get(token(1))).toBeUndefined();
  });
});

describe('createTokenCache: bounds', () => {
  it('holds 10000 entries by default, dropping the least recently used', () => {
    const { cache } = cacheAt();
    for (let n = 0; n <= 10_000; n += 1) cache.set(token(n), entry(NOW_S + 60), NOW_S);
    expect(cache.size).toBe(10_000);
    expect(cache.get(token(0))).toBeUndefined();
    expect(cache.get(token(10_000))).toBeDefined();
  });

  it('counts each entry as three bytes per token character plus 512', () => {
    // 100-character tokens: 812 bytes each, so 2436 bytes hold exactly three.
    const { cache } = cacheAt({ maxBytes: 3 * 812 });
    for (let n = 0; n < 4; n += 1) cache.set(token(n), entry(NOW_S + 60), NOW_S);
    expect(cache.size).toBe(3);
    expect(cache.get(token(0))).toBeUndefined();
    const { cache: tight } = cacheAt({ maxBytes: 3 * 812 - 1 });
    for (let n = 0; n < 4; n += 1) tight.set(token(n), entry(NOW_S + 60), NOW_S);
    expect(tight.size).toBe(2);
  });

  it('holds 16 MiB by default', () => {
    // 8000-character tokens: 24512 bytes each; 16 MiB holds 684 of them.
    const { cache } = cacheAt();
    for (let n = 0; n < 700; n += 1) cache.set(token(n, 8000), entry(NOW_S + 60), NOW_S);
    expect(cache.size).toBe(684);
  });
});

describe('createTokenCache: the entry answered last', () => {
  // A fresh copy of a token, as each request brings: an answer never comes from identity.
  const copy = (text: string) => [...text].join('');

  it('ends at its time like any entry, and is then dropped', () => {
    const { cache, clock } = cacheAt();
    const e = entry(NOW_S + 10);
    cache.set(token(1), e, NOW_S);
    expect(cache.get(copy(token(1)))).toBe(e);
    clock.ms += 10_000;
    expect(cache.get(copy(token(1)))).toBe(e);
    clock.ms += 1;
    expect(cache.get(copy(token(1)))).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('goes with its entry when the entry is deleted or evicted', () => {
    const { cache } = cacheAt({ maxEntries: 2 });
    cache.set(token(1), entry(NOW_S + 60), NOW_S);
    expect(cache.get(token(1))).toBeDefined();
    cache.delete(copy(token(1)));
    expect(cache.get(token(1))).toBeUndefined();

    cache.set(token(1), entry(NOW_S + 60), NOW_S);
    expect(cache.get(token(1))).toBeDefined();
    cache.set(token(2), entry(NOW_S + 60), NOW_S);
    cache.set(token(3), entry(NOW_S + 60), NOW_S);
    expect(cache.size).toBe(2);
    expect(cache.get(token(1))).toBeUndefined();
  });

  it('answers its own token only, and a new entry for the same token replaces it', () => {
    const { cache } = cacheAt();
    const first = entry(NOW_S + 60);
    cache.set(token(1), first, NOW_S);
    expect(cache.get(token(1))).toBe(first);
    expect(cache.get(token(2))).toBeUndefined();
    const second = entry(NOW_S + 60);
    cache.set(token(1), second, NOW_S);
    expect(cache.get(token(1))).toBe(second);
  });

  it('never answers a token of the same length and tail that it does not hold', () => {
    const { cache } = cacheAt();
    const tail = 'T'.repeat(32);
    const held = `aaaa.${tail}`;
    cache.set(held, entry(NOW_S + 60), NOW_S);
    expect(cache.get(copy(held))).toBeDefined();
    expect(cache.get(`aaab.${tail}`)).toBeUndefined();
    expect(cache.get(`baaa.${tail}`)).toBeUndefined();
    expect(cache.get(copy(held))).toBeDefined();
  });

  it('judges time by the clock given with the lookup', () => {
    const { cache } = cacheAt();
    cache.set(token(1), entry(NOW_S + 10), NOW_S);
    expect(cache.get(token(1), NOW_S * 1000 + 10_000)).toBeDefined();
    expect(cache.get(token(1), NOW_S * 1000 + 10_001)).toBeUndefined();
  });
});

describe('createTokenCache: lookup by the last 32 characters', () => {
  const tail = 'S'.repeat(32);

  it('answers only the very token held; a token sharing the tail displaces it', () => {
    const { cache } = cacheAt();
    const a = `aaaa.${tail}`;
    const b = `bbbb.${tail}`;
    cache.set(a, entry(NOW_S + 60), NOW_S);
    expect(cache.get(b)).toBeUndefined();
    cache.delete(b);
    expect(cache.get(a)).toBeDefined();
    cache.set(b, entry(NOW_S + 60), NOW_S);
    expect(cache.get(a)).toBeUndefined();
    expect(cache.size).toBe(1);
    cache.delete(b);
    expect(cache.size).toBe(0);
    expect(() => cache.delete(a)).not.toThrow();
  });

  it('keeps tokens apart that share only 31 final characters', () => {
    const { cache } = cacheAt();
    const a = `same-start.a${tail.slice(1)}`;
    const b = `same-start.b${tail.slice(1)}`;
    cache.set(a, entry(NOW_S + 60), NOW_S);
    cache.set(b, entry(NOW_S + 60), NOW_S);
    expect(cache.size).toBe(2);
  });
});

describe('createTokenCache: remembered failures', () => {
  const definitive: ErrorCode[] = [
    'ERR_TOKEN_MALFORMED',
    'ERR_SIGNATURE_INVALID',
    'ERR_ALGORITHM_NOT_ALLOWED',
    'ERR_HEADER_INVALID',
    'ERR_TYPE_NOT_ALLOWED',
    'ERR_ISSUER_MISMATCH',
    'ERR_AUDIENCE_MISMATCH',
  ];
  const passing: ErrorCode[] = [
    'ERR_KEYS_UNAVAILABLE',
    'ERR_KEY_NOT_FOUND',
    'ERR_TOKEN_EXPIRED',
    'ERR_TOKEN_NOT_YET_VALID',
    'ERR_CLAIM_INVALID',
    'ERR_TOKEN_REVOKED',
  ];

  it.each(definitive)('remembers %s for 5 s by default', (code) => {
    const { cache, clock } = cacheAt();
    cache.fail(token(1), code);
    expect(cache.failure(token(1))).toBe(code);
    expect(cache.failure(token(2))).toBeUndefined();
    clock.ms += 5_000;
    expect(cache.failure(token(1))).toBe(code);
    clock.ms += 1;
    expect(cache.failure(token(1))).toBeUndefined();
  });

  it.each(passing)('never remembers %s, which time or the issuer may change', (code) => {
    const { cache } = cacheAt();
    cache.fail(token(1), code);
    expect(cache.failure(token(1))).toBeUndefined();
  });

  it('remembers nothing with failureTtl 0, and for failureTtl ms otherwise', () => {
    const { cache } = cacheAt({ failureTtl: 0 });
    cache.fail(token(1), 'ERR_SIGNATURE_INVALID');
    expect(cache.failure(token(1))).toBeUndefined();
    const { cache: brief, clock } = cacheAt({ failureTtl: 100 });
    brief.fail(token(1), 'ERR_SIGNATURE_INVALID');
    clock.ms += 100;
    expect(brief.failure(token(1))).toBe('ERR_SIGNATURE_INVALID');
    clock.ms += 1;
    expect(brief.failure(token(1))).toBeUndefined();
  });

  it('keeps failures apart from verifications', () => {
    const { cache } = cacheAt();
    cache.fail(token(1), 'ERR_SIGNATURE_INVALID');
    expect(cache.get(token(1))).toBeUndefined();
    expect(cache.size).toBe(0);
    cache.set(token(2), entry(NOW_S + 60), NOW_S);
    expect(cache.failure(token(2))).toBeUndefined();
  });
});
