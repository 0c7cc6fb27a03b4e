import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../src/errors/codes.js';
import { createVerifier, type JwtGuardError, type VerifierOptions } from '../../src/index.js';
import { authInfoMaker } from '../../src/verify/issuer-claims.js';
import {
  type CachedVerification,
  createTokenCache,
  type TokenCacheOptions,
  type VerificationRoute,
} from '../../src/verify/token-cache.js';
import { countedVerifier } from '../counted-verifier.js';
import { decodeSegment, withPayload } from '../forge.js';
import { codeOf } from '../outcome.js';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer();
});
afterAll(() => issuer.close());

const counted = (extra: Partial<VerifierOptions> = {}) => countedVerifier(issuer, extra);

describe('verified-token cache', () => {
  it('answers a repeated token from memory, with frozen claims', async () => {
    const { verifier, lookups } = counted();
    const token = await issuer.mint({ claims: { roles: ['user'] } });
    const first = await verifier.verify(token);
    const second = await verifier.verify(token);
    expect(lookups.count).toBe(1);
    expect(second).toEqual(first);
    expect(Object.isFrozen(second.payload)).toBe(true);
    expect(Object.isFrozen(second.payload.roles)).toBe(true);
  });

  it('is keyed by the whole token: a changed signature never hits', async () => {
    const { verifier } = counted();
    const token = await issuer.mint({ alg: 'ES256' });
    await verifier.verify(token);
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    const forged = `${token.slice(0, -2)}${last}${token.at(-1)}`;
    expect(await codeOf(verifier.verify(forged))).toBe('ERR_SIGNATURE_INVALID');
  });

  it('answers only the very token it holds, even for a token sharing its signature', async () => {
    const { verifier, lookups } = counted();
    const token = await issuer.mint({ claims: { sub: 'alice' } });
    // Same signature (so the same last characters), another payload: an attacker's edit.
    const forged = withPayload(token, { ...decodeSegment(token, 1), sub: 'mallory' });
    await verifier.verify(token);
    expect(await codeOf(verifier.verify(forged))).toBe('ERR_SIGNATURE_INVALID');
    expect((await verifier.verify(token)).payload.sub).toBe('alice');
    expect(await codeOf(verifier.verify(forged))).toBe('ERR_SIGNATURE_INVALID');
    // The forgery displaced nothing: alice's token is still served from memory.
    const before = lookups.count;
    expect((await verifier.verify(token)).payload.sub).toBe('alice');
    expect(lookups.count).toBe(before);
  });

  it('verifyMaybeSync answers from the cache at once, and otherwise with a promise', async () => {
    const { verifier } = counted();
    const token = await issuer.mint({ claims: { sub: 'alice' } });
    const first = verifier.verifyMaybeSync(token);
    expect(first).toBeInstanceOf(Promise);
    await first;
    const hit = verifier.verifyMaybeSync(token);
    expect(hit).not.toBeInstanceOf(Promise);
    expect((hit as Awaited<typeof first>).payload.sub).toBe('alice');

    // A remembered failure throws at once; verify still rejects.
    const forged = withPayload(token, { ...decodeSegment(token, 1), sub: 'mallory' });
    await expect(verifier.verifyMaybeSync(forged)).rejects.toMatchObject({
      code: 'ERR_SIGNATURE_INVALID',
    });
    expect(() => verifier.verifyMaybeSync(forged)).toThrow(
      expect.objectContaining({ code: 'ERR_SIGNATURE_INVALID' }),
    );
    expect(await codeOf(verifier.verify(forged))).toBe('ERR_SIGNATURE_INVALID');
  });

  it('verifyMaybeSync waits for the revocation hook even on a hit', async () => {
    const { verifier } = counted({ isRevoked: async () => false });
    const token = await issuer.mint();
    await verifier.verify(token);
    const hit = verifier.verifyMaybeSync(token);
    expect(hit).toBeInstanceOf(Promise);
    await expect(hit).resolves.toMatchObject({ token });
  });

  it('re-checks exp on every hit and never serves past it', async () => {
    const { verifier, clock } = counted();
    const token = await issuer.mint({ expiresIn: 60 });
    await verifier.verify(token);
    clock.ms += 64_000;
    await expect(verifier.verify(token)).resolves.toBeTruthy();
    clock.ms += 2_000;
    expect(await codeOf(verifier.verify(token))).toBe('ERR_TOKEN_EXPIRED');
  });

  it('honours maxTokenAge and the cache maxAge on hits', async () => {
    const aged = counted({ maxTokenAge: 30 });
    const token = await issuer.mint({ expiresIn: 600 });
    await aged.verifier.verify(token);
    aged.clock.ms += 40_000;
    expect(await codeOf(aged.verifier.verify(token))).toBe('ERR_TOKEN_TOO_OLD');

    const short = counted({ cache: { maxAge: 1 } });
    await short.verifier.verify(token);
    await short.verifier.verify(token);
    expect(short.lookups.count).toBe(1);
    short.clock.ms += 1_500;
    await short.verifier.verify(token);
    expect(short.lookups.count).toBe(2);
  });

  it('runs the revocation hook on every hit, and fails closed when it throws', async () => {
    const revoked = new Set<string>();
    let calls = 0;
    const { verifier } = counted({
      isRevoked: (payload) => {
        calls += 1;
        if (payload.jti === 'boom') throw new Error('store down');
        return revoked.has(String(payload.jti));
      },
    });
    const token = await issuer.mint({ claims: { jti: 'a' } });
    await verifier.verify(token);
    revoked.add('a');
    expect(await codeOf(verifier.verify(token))).toBe('ERR_TOKEN_REVOKED');
    expect(calls).toBe(2);
    const failing = await issuer.mint({ claims: { jti: 'boom' } });
    const error = await verifier.verify(failing).catch((e: JwtGuardError) => e);
    expect([(error as JwtGuardError).code, (error as JwtGuardError).status]).toEqual([
      'ERR_REVOCATION_UNAVAILABLE',
      503,
    ]);
  });

  it('drops an entry whose key has left the key set', async () => {
    const local = await createTestIssuer();
    const verifier = createVerifier({ issuer: local.issuer, audience: local.audience });
    const old = await local.mint();
    await verifier.verify(old);
    await local.rotate();
    // A token of the new key makes the verifier refetch the set, which no longer holds the old key.
    await verifier.verify(await local.mint());
    expect(await codeOf(verifier.verify(old))).toBe('ERR_KEY_NOT_FOUND');
    await local.close();
  });

  it('remembers definitive failures briefly, never unavailable keys', async () => {
    const { verifier, lookups } = counted();
    const [h, p] = (await issuer.mint()).split('.');
    const forged = `${h}.${p}.${'A'.repeat(342)}`;
    expect(await codeOf(verifier.verify(forged))).toBe('ERR_SIGNATURE_INVALID');
    expect(await codeOf(verifier.verify(forged))).toBe('ERR_SIGNATURE_INVALID');
    expect(lookups.count).toBe(1);

    let up = false;
    const flaky: typeof fetch = (input, init) =>
      up ? fetch(input, init) : Promise.reject(new Error('down'));
    const verifier2 = createVerifier({
      issuer: issuer.issuer,
      audience: issuer.audience,
      fetch: flaky,
      jwks: { cooldownDuration: 0 },
    });
    const token = await issuer.mint();
    expect(await codeOf(verifier2.verify(token))).toBe('ERR_KEYS_UNAVAILABLE');
    up = true;
    await new Promise((r) => setTimeout(r, 1100));
    await expect(verifier2.verify(token)).resolves.toBeTruthy();
  });

  it('stays within maxEntries, and cache: false verifies every time', async () => {
    const { verifier, lookups } = counted({ cache: { maxEntries: 2 } });
    const [a, b, c] = await Promise.all([
      issuer.mint(),
      issuer.mint({ alg: 'ES256' }),
      issuer.mint({ alg: 'EdDSA' }),
    ]);
    for (const token of [a, b, c, a]) await verifier.verify(token!);
    expect(lookups.count).toBe(4);
    await verifier.verify(a!);
    expect(lookups.count).toBe(4);

    const off = counted({ cache: false });
    await off.verifier.verify(a!);
    await off.verifier.verify(a!);
    expect(off.lookups.count).toBe(2);
  });
});

/**
 * The verified-token cache on its own clock: what is kept and for how long (`exp`,
 * `maxAge`, the per-entry bound, the 1 ms floor), the byte and entry bounds, the lookup by
 * the token's last 32 characters, and which failures are remembered.
 */
describe('createTokenCache on its own clock', () => {
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

    // A token shaped as a JWT: `signed` characters up to its last dot, `length` in all, and
    // its number at the end, where a signature differs.
    const jwtShaped = (n: number, signed: number, length: number) =>
      'h.'.padEnd(signed, 'p') + '.'.padEnd(length - signed - 5, 's') + String(n).padStart(5, '0');

    it('counts each entry as its token, three bytes per signed character, plus 256', () => {
      // 100 characters, 40 of them signed: 100 + 120 + 256 = 476 bytes, so 1428 hold three.
      const sized = (n: number) => jwtShaped(n, 40, 100);
      const { cache } = cacheAt({ maxBytes: 3 * 476 });
      for (let n = 0; n < 4; n += 1) cache.set(sized(n), entry(NOW_S + 60), NOW_S);
      expect(cache.size).toBe(3);
      expect(cache.get(sized(0))).toBeUndefined();
      const { cache: tight } = cacheAt({ maxBytes: 3 * 476 - 1 });
      for (let n = 0; n < 4; n += 1) tight.set(sized(n), entry(NOW_S + 60), NOW_S);
      expect(tight.size).toBe(2);
    });

    it('counts a token with no dot as signed throughout', () => {
      // 100 characters: 100 + 300 + 256 = 656 bytes, so 1312 hold two.
      const { cache } = cacheAt({ maxBytes: 2 * 656 });
      for (let n = 0; n < 3; n += 1)
        cache.set(token(n).replace('.', '-'), entry(NOW_S + 60), NOW_S);
      expect(cache.size).toBe(2);
    });

    it('holds 10,000 RS256-sized tokens by default, within 16 MiB', () => {
      // 605 characters, 262 signed (an RS256 token of a few claims): 1647 bytes each.
      const { cache } = cacheAt();
      for (let n = 0; n < 10_000; n += 1)
        cache.set(jwtShaped(n, 262, 605), entry(NOW_S + 60), NOW_S);
      expect(cache.size).toBe(10_000);
      expect(cache.get(jwtShaped(0, 262, 605))).toBeDefined();
    });

    it('holds 16 MiB by default', () => {
      // 8000 characters, 2000 signed: 14256 bytes each; 16 MiB holds 1176 of them.
      const { cache } = cacheAt();
      for (let n = 0; n < 1200; n += 1)
        cache.set(jwtShaped(n, 2000, 8000), entry(NOW_S + 60), NOW_S);
      expect(cache.size).toBe(1176);
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
      // The clock only moves on: an expired token stays expired (issue 24).
      'ERR_TOKEN_EXPIRED',
    ];
    const passing: ErrorCode[] = [
      'ERR_KEYS_UNAVAILABLE',
      'ERR_KEY_NOT_FOUND',
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
});
