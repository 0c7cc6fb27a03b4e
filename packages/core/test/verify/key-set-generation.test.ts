/**
 * The verifier's key-set generation (issue 24 item 4): a cache hit asks the issuer's key
 * source whether the verifying key is still held only when some key set has changed since
 * the last yes, or that yes has run its time; a key rotated out is never accepted from the
 * cache, on one issuer or among several.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createVerifier } from '../../src/index.js';
import { createKeySetGeneration } from '../../src/keys/key-set-generation.js';
import { createVerificationCache } from '../../src/verify/cached-verification.js';
import { authInfoMaker } from '../../src/verify/issuer-claims.js';
import type { CachedVerification, VerificationRoute } from '../../src/verify/token-cache.js';
import { createFlakyIssuer, type FlakyIssuer, mintFor } from '../flaky-issuer.js';
import { codeOf } from '../outcome.js';

const NOW_MS = 1_800_000_000_000;
const TOKEN = `header.payload.${'s'.repeat(43)}`;

/** A cache over one route whose key source counts how often it is asked. */
function cacheOverCountedSource() {
  const source = { asked: 0, held: true, until: NOW_MS + 10_000 };
  const route: VerificationRoute = {
    rules: {
      claims: { issuer: 'https://id.example/', audience: ['api'], clockTolerance: 0 },
    } as unknown as VerificationRoute['rules'],
    holds: () => {
      throw new Error('a source with heldUntil is asked through heldUntil');
    },
    heldUntil: () => {
      source.asked += 1;
      return source.held ? source.until : undefined;
    },
    authInfo: authInfoMaker(undefined),
  };
  const verified: CachedVerification = {
    payload: { exp: NOW_MS / 1000 + 3600 },
    header: { alg: 'ES256' },
    keyId: 'thumbprint',
    route,
  };
  const generation = createKeySetGeneration();
  const cache = createVerificationCache({}, () => NOW_MS, generation);
  cache.remember(TOKEN, verified, NOW_MS);
  return { cache, source, generation };
}

describe('a cache hit and the key-set generation', () => {
  it('asks the key source once, then not again while no key set changes', () => {
    const { cache, source } = cacheOverCountedSource();
    for (let i = 0; i < 5; i += 1) expect(cache.reuse(TOKEN, NOW_MS + i, undefined)).toBeDefined();
    expect(source.asked).toBe(1);
  });

  it('asks again once any key set has changed, and drops the entry when the key is gone', () => {
    const { cache, source, generation } = cacheOverCountedSource();
    expect(cache.reuse(TOKEN, NOW_MS, undefined)).toBeDefined();
    generation.changed(); // another issuer's set, say: still held
    expect(cache.reuse(TOKEN, NOW_MS, undefined)).toBeDefined();
    expect(source.asked).toBe(2);
    source.held = false;
    generation.changed(); // this issuer's set, without the key
    expect(cache.reuse(TOKEN, NOW_MS, undefined)).toBeUndefined();
    expect(source.asked).toBe(3);
    // Gone from the cache: the next request verifies in full.
    expect(cache.reuse(TOKEN, NOW_MS, undefined)).toBeUndefined();
    expect(source.asked).toBe(3);
  });

  it("asks again once the answer's time is up, as often as it stays up", () => {
    const { cache, source } = cacheOverCountedSource();
    source.until = NOW_MS + 100;
    expect(cache.reuse(TOKEN, NOW_MS, undefined)).toBeDefined();
    expect(cache.reuse(TOKEN, NOW_MS + 99, undefined)).toBeDefined();
    expect(source.asked).toBe(1);
    // Due for a refresh: the source says "held, ask again" (a time already past).
    source.until = NOW_MS;
    expect(cache.reuse(TOKEN, NOW_MS + 100, undefined)).toBeDefined();
    expect(cache.reuse(TOKEN, NOW_MS + 101, undefined)).toBeDefined();
    expect(source.asked).toBe(3);
  });
});

describe('a key rotated out, with the generation standing between asks', () => {
  const issuers: FlakyIssuer[] = [];
  afterEach(async () => {
    await Promise.all(issuers.splice(0).map((issuer) => issuer.close()));
  });

  it("another issuer's rotation keeps this issuer's cached token; its own drops it at once", async () => {
    const [a, b] = await Promise.all([createFlakyIssuer(), createFlakyIssuer()]);
    issuers.push(a, b);
    const verifier = createVerifier({
      issuer: [a.issuer, b.issuer],
      audience: a.audience,
      // Longer than the test: nothing but a token of an unknown key refetches a set.
      jwks: { cacheMaxAge: 600_000, cooldownDuration: 0 },
    });
    const [oldA, oldB] = await Promise.all([mintFor(a, { expiresIn: 3600 }), mintFor(b)]);
    expect(await codeOf(verifier.verify(oldA))).toBe('resolved');
    expect(await codeOf(verifier.verify(oldB))).toBe('resolved');
    expect(await codeOf(verifier.verify(oldA))).toBe('resolved');

    await b.keys.rotate();
    expect(await codeOf(verifier.verify(await mintFor(b)))).toBe('resolved');
    expect(await codeOf(verifier.verify(oldA))).toBe('resolved');
    expect(await codeOf(verifier.verify(oldB))).toBe('ERR_KEY_NOT_FOUND');

    await a.keys.rotate();
    expect(await codeOf(verifier.verify(await mintFor(a)))).toBe('resolved');
    expect(await codeOf(verifier.verify(oldA))).toBe('ERR_KEY_NOT_FOUND');
    // Each set fetched three times: first sight, the new key's token, and the refusal of the
    // old token (its unknown kid refetches, the cooldown being 0); never for a cache hit.
    expect([a.hits.jwks, b.hits.jwks]).toEqual([3, 3]);
  });
});

describe('a refusal kept while no key set changes (an unknown kid)', () => {
  function cacheAt() {
    const clock = { ms: NOW_MS };
    const generation = createKeySetGeneration();
    const cache = createVerificationCache({}, () => clock.ms, generation);
    const refused = () => {
      try {
        cache.throwIfFailed(TOKEN);
        return undefined;
      } catch (error) {
        return (error as { code?: string }).code;
      }
    };
    return { cache, clock, generation, refused };
  }

  it('answers until its standing ends, and not at that moment', () => {
    const { cache, clock, generation, refused } = cacheAt();
    const standing = { generation: generation.value, untilMs: NOW_MS + 1_000 };
    cache.forget(TOKEN, 'ERR_KEY_NOT_FOUND', undefined, standing);
    expect(refused()).toBe('ERR_KEY_NOT_FOUND');
    clock.ms += 999;
    expect(refused()).toBe('ERR_KEY_NOT_FOUND');
    clock.ms += 1;
    expect(refused()).toBeUndefined();
  });

  it('answers no longer once any key set has changed', () => {
    const { cache, generation, refused } = cacheAt();
    const standing = { generation: generation.value, untilMs: NOW_MS + 1_000 };
    cache.forget(TOKEN, 'ERR_KEY_NOT_FOUND', undefined, standing);
    generation.changed();
    expect(refused()).toBeUndefined();
  });

  it('is never kept without a standing, nor past the failure lifetime with one', () => {
    const { cache, clock, generation, refused } = cacheAt();
    cache.forget(TOKEN, 'ERR_KEY_NOT_FOUND');
    expect(refused()).toBeUndefined();
    // A standing longer than failureTtl (5 s by default) is cut to it.
    const standing = { generation: generation.value, untilMs: NOW_MS + 60_000 };
    cache.forget(TOKEN, 'ERR_KEY_NOT_FOUND', undefined, standing);
    clock.ms += 5_000;
    expect(refused()).toBe('ERR_KEY_NOT_FOUND');
    clock.ms += 1;
    expect(refused()).toBeUndefined();
  });
});
