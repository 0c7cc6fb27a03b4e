/**
 * Keys held, verifications reused (SECURITY.md), with the verified-token cache on: answers
 * without a usable key count as failed fetches; unusable keys are skipped when the set
 * loads; a key replaced under the same kid stops at once; cache hits refresh a set past
 * its freshness (past its grace they get 503: faults.test.ts, which runs with the cache
 * on too); a custom key source that cannot say which keys it holds does not keep
 * verifications forever. Time moves through the verifier's `now`.
 */
import { generateKeyPairSync } from 'node:crypto';
import { generateTestKey, signRaw, type TestKey } from '@jwt-guard/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createVerifier, JwtGuardError, type KeySource } from '../../src/index.js';
import { createFlakyIssuer, type FlakyIssuer, mintFor, verifierFor } from '../flaky-issuer.js';
import { codeOf } from '../outcome.js';

let flaky: FlakyIssuer | undefined;
afterEach(async () => {
  await flaky?.close();
  flaky = undefined;
});

/** A flaky issuer, and a clock starting now that only the test moves. */
async function start() {
  flaky = await createFlakyIssuer();
  return { issuer: flaky, clock: { ms: Date.now() } };
}

/** Verifies `tokens` one after another; the codes seen, with how often. */
async function tally(verify: (token: string) => Promise<unknown>, tokens: readonly string[]) {
  const seen: Record<string, number> = {};
  for (const token of tokens) {
    const code = await codeOf(verify(token));
    seen[code] = (seen[code] ?? 0) + 1;
  }
  return seen;
}

const PATHS = [
  ['node:crypto', true],
  ['WebCrypto', false],
] as const;

describe('an issuer answering 200 without a usable key', () => {
  const UNUSABLE: [string, (f: FlakyIssuer) => unknown][] = [
    ['{"keys":[]}', () => ({ keys: [] })],
    ['{}', () => ({})],
    [
      'only use:"enc" keys',
      (f) => ({ keys: f.keys.jwks().keys.map((k) => ({ ...k, use: 'enc' })) }),
    ],
  ];

  it.each(UNUSABLE)(
    '%s: 503, counted as a failed fetch (50 requests, one or two fetches)',
    async (_, document) => {
      const { issuer, clock } = await start();
      issuer.body = document(issuer);
      const verifier = verifierFor(issuer, {}, clock);
      const error = await verifier.verify(await mintFor(issuer)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JwtGuardError);
      expect([(error as JwtGuardError).code, (error as JwtGuardError).status]).toEqual([
        'ERR_KEYS_UNAVAILABLE',
        503,
      ]);
      const tokens = await Promise.all(Array.from({ length: 50 }, () => mintFor(issuer)));
      const verify = (token: string) => verifier.verify(token);
      expect(await tally(verify, tokens.slice(0, 25))).toEqual({ ERR_KEYS_UNAVAILABLE: 25 });
      const burst = await Promise.all(tokens.slice(25).map((token) => codeOf(verify(token))));
      expect(new Set(burst)).toEqual(new Set(['ERR_KEYS_UNAVAILABLE']));
      expect(issuer.hits.jwks).toBeLessThanOrEqual(2);
    },
  );

  it.each(UNUSABLE)(
    '%s after good keys: the stale good keys keep serving, with no fetch per request',
    async (_, document) => {
      const { issuer, clock } = await start();
      const verifier = verifierFor(issuer, { jwks: { cacheMaxAge: 60_000 } }, clock);
      const cached = await mintFor(issuer, { expiresIn: 3600 });
      expect(await codeOf(verifier.verify(cached))).toBe('resolved');
      issuer.body = document(issuer);
      clock.ms += 61_000; // past freshness, well inside the default stale-if-error grace
      const tokens = await Promise.all(Array.from({ length: 50 }, () => mintFor(issuer)));
      const verify = (token: string) => verifier.verify(token);
      expect(await tally(verify, [...tokens, cached])).toEqual({ resolved: 51 });
      expect(issuer.hits.jwks).toBeLessThanOrEqual(3);
    },
  );
});

describe.each(PATHS)(
  'keys that cannot be used are skipped when the set loads (%s)',
  (_, nodeCrypto) => {
    const flipLastByte = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64url');
      bytes[bytes.length - 1]! ^= 1;
      return bytes.toString('base64url');
    };
    const rsaJwk = (modulusLength: number, part: 'publicKey' | 'privateKey') =>
      generateKeyPairSync('rsa', { modulusLength })[part].export({ format: 'jwk' });
    /** Each kind of unusable key, published as `kid: "bad"`, with the alg a token for it would name. */
    const BAD: [string, 'RS256' | 'ES256', (good: (alg: string) => TestKey) => object][] = [
      [
        'an EC point not on its curve',
        'ES256',
        (good) => {
          const jwk = good('ES256').publicJwk;
          return { ...jwk, y: flipLastByte(jwk.y as string) };
        },
      ],
      [
        'an RSA key under 2048 bits',
        'RS256',
        () => ({ ...rsaJwk(1024, 'publicKey'), alg: 'RS256' }),
      ],
      [
        'key_ops without verify',
        'RS256',
        (good) => ({ ...good('RS256').publicJwk, key_ops: ['sign'] }),
      ],
      ['private members', 'RS256', () => ({ ...rsaJwk(2048, 'privateKey'), alg: 'RS256' })],
    ];
    const badKey = (issuer: FlakyIssuer, make: (typeof BAD)[number][2]) => ({
      use: 'sig',
      ...make((alg) => issuer.keys.keys.find((k) => k.alg === alg)!),
      kid: 'bad',
    });

    it.each(BAD)('a set holding only %s is keys unavailable (503)', async (_, alg, make) => {
      const { issuer, clock } = await start();
      issuer.body = { keys: [badKey(issuer, make)] };
      const verifier = verifierFor(issuer, { nodeCrypto }, clock);
      for (const token of [
        await mintFor(issuer, { alg }),
        await mintFor(issuer, { alg, header: { kid: 'bad' } }),
      ]) {
        expect(await codeOf(verifier.verify(token))).toBe('ERR_KEYS_UNAVAILABLE');
      }
    });

    it.each(BAD)(
      'beside %s, the good keys verify and the bad one is never used',
      async (_, alg, make) => {
        const { issuer, clock } = await start();
        issuer.body = { keys: [badKey(issuer, make), ...issuer.keys.jwks().keys] };
        const verifier = verifierFor(issuer, { nodeCrypto }, clock);
        expect(await codeOf(verifier.verify(await mintFor(issuer, { alg })))).toBe('resolved');
        const naming = await mintFor(issuer, { alg, header: { kid: 'bad' } });
        expect(await codeOf(verifier.verify(naming))).toBe('ERR_KEY_NOT_FOUND');
      },
    );
  },
);

describe.each(PATHS)('a key replaced under the same kid (%s)', (_, nodeCrypto) => {
  it("stops the old key's cached tokens once the set has been refetched", async () => {
    const { issuer, clock } = await start();
    const verifier = verifierFor(issuer, { nodeCrypto, jwks: { cacheMaxAge: 60_000 } }, clock);
    const old = await mintFor(issuer, { expiresIn: 3600 });
    expect(await codeOf(verifier.verify(old))).toBe('resolved');
    expect(await codeOf(verifier.verify(old))).toBe('resolved');
    const kid = issuer.keys.keys[0]!.kid;
    const replacement = await generateTestKey('RS256', kid);
    issuer.body = { keys: [replacement.publicJwk] };
    clock.ms += 61_000;
    const current = await mintFor(issuer, { key: replacement, expiresIn: 3600 });
    expect(await codeOf(verifier.verify(current))).toBe('resolved');
    await vi.waitFor(() => expect(issuer.hits.jwks).toBeGreaterThanOrEqual(2));
    expect(['ERR_SIGNATURE_INVALID', 'ERR_KEY_NOT_FOUND']).toContain(
      await codeOf(verifier.verify(old)),
    );
    expect(await codeOf(verifier.verify(current))).toBe('resolved');
  });
});

describe('cache hits follow the key set lifecycle', () => {
  it('a hit on a fresh set fetches nothing; a hit past freshness refreshes, and a removed key stops', async () => {
    const { issuer, clock } = await start();
    const verifier = verifierFor(issuer, { jwks: { cacheMaxAge: 60_000 } }, clock);
    const cached = await mintFor(issuer, { expiresIn: 3600 });
    expect(await codeOf(verifier.verify(cached))).toBe('resolved');
    await issuer.keys.rotate(); // the issuer drops the key; only the cached token arrives
    clock.ms += 30_000;
    expect(await codeOf(verifier.verify(cached))).toBe('resolved');
    expect(issuer.hits.jwks).toBe(1);
    clock.ms += 31_000;
    // Answered from the cache or refused; either way the hit starts the refresh.
    expect(['resolved', 'ERR_KEY_NOT_FOUND']).toContain(await codeOf(verifier.verify(cached)));
    await vi.waitFor(() => expect(issuer.hits.jwks).toBeGreaterThanOrEqual(2));
    // Refused as soon as the refresh has landed (it may still be on its way back).
    await vi.waitFor(async () =>
      expect(await codeOf(verifier.verify(cached))).toBe('ERR_KEY_NOT_FOUND'),
    );
  });

  it('a hit past freshness does not wait for a hanging issuer: the refresh runs behind it', async () => {
    const { issuer, clock } = await start();
    const verifier = verifierFor(
      issuer,
      { jwks: { cacheMaxAge: 60_000, timeoutDuration: 2_000 } },
      clock,
    );
    const cached = await mintFor(issuer, { expiresIn: 3600 });
    expect(await codeOf(verifier.verify(cached))).toBe('resolved');
    issuer.mode = 'hang';
    clock.ms += 61_000;
    const started = Date.now();
    expect(await codeOf(verifier.verify(cached))).toBe('resolved');
    expect(Date.now() - started).toBeLessThan(1_000);
    await vi.waitFor(() => expect(issuer.hits.jwks).toBe(2));
  });
});

describe.each(PATHS)('a custom key source without holds (%s)', (_, nodeCrypto) => {
  it('re-verifies cached tokens within minutes: a key it stops returning is refused', async () => {
    const key = await generateTestKey('ES256', 'custom-1');
    const lookup = { key: key.publicKey, version: 1 };
    let serving = true;
    // Only getKey: this source cannot tell the verifier which keys it still holds.
    const keySource: KeySource = {
      getKey: async (header) => {
        if (serving && header.kid === key.kid) return lookup;
        throw new JwtGuardError('ERR_KEY_NOT_FOUND');
      },
    };
    const clock = { ms: Date.now() };
    const verifier = createVerifier({
      issuer: 'https://issuer.example',
      audience: 'https://api.example',
      keySource,
      nodeCrypto,
      now: () => clock.ms,
    });
    const iat = Math.floor(clock.ms / 1000);
    const claims = {
      iss: 'https://issuer.example',
      aud: 'https://api.example',
      iat,
      exp: iat + 3600,
    };
    const token = await signRaw(key, { alg: 'ES256', kid: key.kid, typ: 'JWT' }, claims);
    expect(await codeOf(verifier.verify(token))).toBe('resolved');
    serving = false;
    clock.ms += 5 * 60_000;
    expect(await codeOf(verifier.verify(token))).toBe('ERR_KEY_NOT_FOUND');
  });
});
