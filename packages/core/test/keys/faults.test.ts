/**
 * Key fetching under faults, each against a real local server that misbehaves on purpose,
 * with the verified-token cache off and on: a cache hit must not outlive what the key set's
 * lifecycle allows a miss.
 */
import { generateTestKey } from '@jwt-guard/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createVerifier, JwtGuardError, type VerifierOptions } from '../../src/index.js';
import {
  createFlakyIssuer,
  type FlakyIssuer,
  type JwksMode,
  mintFor,
  verifierFor,
} from '../flaky-issuer.js';

let flaky: FlakyIssuer | undefined;
afterEach(async () => {
  await flaky?.close();
  flaky = undefined;
});

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: unknown) => (error instanceof JwtGuardError ? error.code : `crash: ${String(error)}`),
  );

/** Waits until the JWKS endpoint has been asked `count` times (a refresh may run in the background). */
const jwksHits = (count: number) => vi.waitFor(() => expect(flaky?.hits.jwks).toBe(count));

describe.each([
  ['off', false as const],
  ['on', {}],
])('with the token cache %s', (_, cache) => {
  const verifierOf = (
    f: FlakyIssuer,
    extra: Partial<VerifierOptions> = {},
    clock?: { ms: number },
  ) => verifierFor(f, { cache, ...extra }, clock);

  describe('key fetching under faults', () => {
    it.each<JwksMode>([
      'reset',
      'hang',
      'drip',
      '500',
      '404',
      'html',
      'no-keys',
      'huge',
      'redirect',
    ])(
      'answers 503 quickly when the JWKS endpoint does %s, and shares one attempt',
      async (mode) => {
        flaky = await createFlakyIssuer();
        flaky.mode = mode;
        const verifier = verifierOf(flaky, { jwks: { maxResponseBytes: 64 * 1024 } });
        const token = await mintFor(flaky);
        const started = Date.now();
        const results = await Promise.all(
          Array.from({ length: 10 }, () => outcome(verifier.verify(token))),
        );
        expect(new Set(results)).toEqual(new Set(['ERR_KEYS_UNAVAILABLE']));
        // Bounded by the 300 ms timeout (plus the waiters' margin), never a hang.
        expect(Date.now() - started).toBeLessThan(3000);
        expect(flaky.hits.jwks).toBeLessThanOrEqual(1);
      },
    );

    it('skips keys it cannot use and verifies with the good ones', async () => {
      flaky = await createFlakyIssuer();
      flaky.mode = 'mixed';
      const verifier = verifierOf(flaky);
      expect(await outcome(verifier.verify(await mintFor(flaky)))).toBe('ok');
      expect(await outcome(verifier.verify(await mintFor(flaky, { alg: 'ES256' })))).toBe('ok');
    });

    it('keeps verifying with the last good keys while the issuer fails, within the grace', async () => {
      flaky = await createFlakyIssuer();
      const clock = { ms: Date.now() };
      const verifier = verifierOf(
        flaky,
        { jwks: { cacheMaxAge: 60_000, staleIfError: 120_000 } },
        clock,
      );
      const token = await mintFor(flaky, { expiresIn: 3600 });
      expect(await outcome(verifier.verify(token))).toBe('ok');
      flaky.mode = '500';
      clock.ms += 90_000; // stale, inside the grace: the request tries the issuer
      expect(await outcome(verifier.verify(token))).toBe('ok');
      await jwksHits(2);
      // Backoff: an immediate retry does not hit the failing issuer again.
      expect(await outcome(verifier.verify(token))).toBe('ok');
      expect(flaky.hits.jwks).toBe(2);
      clock.ms += 100_000; // past the hard limit: stale keys are no longer trusted
      expect(await outcome(verifier.verify(token))).toBe('ERR_KEYS_UNAVAILABLE');
      flaky.mode = 'ok';
      clock.ms += 60_000;
      expect(await outcome(verifier.verify(token))).toBe('ok');
    });

    it('recovers by itself when an issuer that was down at start comes back', async () => {
      flaky = await createFlakyIssuer();
      flaky.mode = '500';
      const clock = { ms: Date.now() };
      const verifier = verifierOf(flaky, {}, clock);
      const token = await mintFor(flaky);
      expect(await outcome(verifier.verify(token))).toBe('ERR_KEYS_UNAVAILABLE');
      flaky.mode = 'ok';
      clock.ms += 1_000;
      expect(await outcome(verifier.verify(token))).toBe('ok');
    });

    it('respects Cache-Control max-age within bounds and revalidates with ETag', async () => {
      flaky = await createFlakyIssuer();
      flaky.headers = { 'cache-control': 'public, max-age=120', etag: '"v1"' };
      const clock = { ms: Date.now() };
      const verifier = verifierOf(
        flaky,
        { jwks: { cacheMaxAge: 600_000, cooldownDuration: 30_000 } },
        clock,
      );
      const token = await mintFor(flaky, { expiresIn: 3600 });
      await verifier.verify(token);
      clock.ms += 90_000; // inside max-age: no fetch
      await verifier.verify(token);
      expect(flaky.hits.jwks).toBe(1);
      clock.ms += 35_000; // past max-age=120: revalidate, answered 304
      expect(await outcome(verifier.verify(token))).toBe('ok');
      await jwksHits(2);
      expect(flaky.hits.ifNoneMatch).toEqual(['"v1"']);

      flaky.headers = { 'cache-control': 'max-age=1' }; // below the floor: held to the cooldown
      clock.ms += 700_000;
      await verifier.verify(token);
      await jwksHits(3);
      clock.ms += 5_000;
      await verifier.verify(token);
      await new Promise((r) => setTimeout(r, 100)); // room for a refresh that should not start
      expect(flaky.hits.jwks).toBe(3);
    });

    it('refreshes ahead of expiry in the background, so requests do not wait', async () => {
      flaky = await createFlakyIssuer();
      const clock = { ms: Date.now() };
      const verifier = verifierOf(flaky, { jwks: { cacheMaxAge: 100_000 } }, clock);
      await verifier.verify(await mintFor(flaky, { expiresIn: 3600 }));
      clock.ms += 85_000; // past 80 % of the freshness
      flaky.mode = 'hang';
      // A new token is answered from the still-fresh keys while the refresh hangs behind it.
      expect(await outcome(verifier.verify(await mintFor(flaky, { expiresIn: 3600 })))).toBe('ok');
      await jwksHits(2);
    });

    it('stops accepting a key removed from the JWKS once the set is past its freshness', async () => {
      flaky = await createFlakyIssuer();
      const clock = { ms: Date.now() };
      const verifier = verifierOf(flaky, { jwks: { cacheMaxAge: 60_000 } }, clock);
      const old = await mintFor(flaky, { expiresIn: 3600 });
      expect(await outcome(verifier.verify(old))).toBe('ok');
      await flaky.keys.rotate();
      clock.ms += 61_000;
      // A cache hit may still be answered while the refresh it started runs in the background.
      const first = await outcome(verifier.verify(old));
      expect(cache === false ? ['ERR_KEY_NOT_FOUND'] : ['ok', 'ERR_KEY_NOT_FOUND']).toContain(
        first,
      );
      await vi.waitFor(() => expect(flaky?.hits.jwks).toBeGreaterThanOrEqual(2));
      // Refused as soon as the refresh has landed (it may still be on its way back).
      await vi.waitFor(async () =>
        expect(await outcome(verifier.verify(old))).toBe('ERR_KEY_NOT_FOUND'),
      );
    });

    it('never throws at creation for an unreachable issuer', () => {
      expect(() =>
        createVerifier({ issuer: 'http://127.0.0.1:1', audience: 'a', cache }),
      ).not.toThrow();
    });
  });

  describe('background refresh and the request that started it', () => {
    it('hands the refresh to waitUntil when the request lends one', async () => {
      flaky = await createFlakyIssuer();
      const clock = { ms: Date.now() };
      const verifier = verifierOf(flaky, { jwks: { cacheMaxAge: 100_000 } }, clock);
      await verifier.verify(await mintFor(flaky, { expiresIn: 3600 }));
      clock.ms += 85_000;
      const kept: Promise<unknown>[] = [];
      await verifier.verify(await mintFor(flaky, { expiresIn: 3600 }), {
        waitUntil: (p) => kept.push(p),
      });
      expect(kept).toHaveLength(1);
      await kept[0];
      expect(flaky.hits.jwks).toBe(2);
    });

    it('never makes a request wait on an orphaned background refresh (Workers cancel those)', async () => {
      flaky = await createFlakyIssuer();
      const clock = { ms: Date.now() };
      const verifier = verifierOf(
        flaky,
        { jwks: { cacheMaxAge: 100_000, timeoutDuration: 5_000 } },
        clock,
      );
      await verifier.verify(await mintFor(flaky, { expiresIn: 3600 }));
      flaky.mode = 'hang';
      clock.ms += 85_000; // starts a background refresh that never settles
      await verifier.verify(await mintFor(flaky, { expiresIn: 3600 }));
      await jwksHits(2);
      flaky.mode = 'ok';
      clock.ms += 20_000; // keys expired: this request must not join the hanging orphan
      const started = Date.now();
      expect(await outcome(verifier.verify(await mintFor(flaky, { expiresIn: 3600 })))).toBe('ok');
      expect(flaky.hits.jwks).toBe(3);
      expect(Date.now() - started).toBeLessThan(4_000);
    });
  });

  describe('stale-if-error does not make requests wait', () => {
    it('waits for a hanging issuer at most once, then serves the last good keys at once', async () => {
      flaky = await createFlakyIssuer();
      const clock = { ms: Date.now() };
      const verifier = verifierOf(
        flaky,
        { jwks: { cacheMaxAge: 60_000, staleIfError: 600_000, timeoutDuration: 1_500 } },
        clock,
      );
      await verifier.verify(await mintFor(flaky, { expiresIn: 3600 }));
      flaky.mode = 'hang';
      clock.ms += 61_000;
      // New tokens each time: this is about the key set, which a cache hit need not wait for.
      const fresh = () => mintFor(flaky!, { expiresIn: 3600 });
      const first = Date.now();
      expect(await outcome(verifier.verify(await fresh()))).toBe('ok');
      expect(Date.now() - first).toBeGreaterThanOrEqual(1_400); // it did try the issuer
      const attempts = flaky.hits.jwks;
      const tokens = await Promise.all(Array.from({ length: 20 }, fresh));
      const later = Date.now();
      const results = await Promise.all(tokens.map((token) => outcome(verifier.verify(token))));
      expect(new Set(results)).toEqual(new Set(['ok']));
      expect(Date.now() - later).toBeLessThan(1_000); // none of them waited on the issuer
      clock.ms += 2_000; // past the first backoff: one background retry, still no waiting
      expect(await outcome(verifier.verify(await fresh()))).toBe('ok');
      await jwksHits(attempts + 1);
    });
  });

  describe('an unknown kid while the issuer is down', () => {
    it('answers 503 (no verdict on the token), and 401 once the issuer answers without it', async () => {
      flaky = await createFlakyIssuer();
      const clock = { ms: Date.now() };
      const verifier = verifierOf(flaky, { jwks: { cooldownDuration: 1_000 } }, clock);
      await verifier.verify(await mintFor(flaky));
      await flaky.keys.rotate({ keepPrevious: true });
      flaky.mode = '500';
      const rotated = await mintFor(flaky); // signed by the new key, which we have not seen
      expect(await outcome(verifier.verify(rotated))).toBe('ERR_KEYS_UNAVAILABLE');
      flaky.mode = 'ok';
      clock.ms += 2_000;
      expect(await outcome(verifier.verify(rotated))).toBe('ok');
      const stranger = await mintFor(flaky, { key: await generateTestKey('RS256', 'x') });
      clock.ms += 2_000;
      expect(await outcome(verifier.verify(stranger))).toBe('ERR_KEY_NOT_FOUND');
    });
  });
});
