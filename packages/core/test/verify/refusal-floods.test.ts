/**
 * Floods of refused tokens (issue 24): a repeated expired token is answered from the
 * bounded negative cache with the same refusal and events as a full verification; the
 * negative entry ends after `failureTtl`; the negative cache is bounded; a flood of unknown
 * key ids fetches the issuer's keys no more often than the cooldown allows, and a key the
 * issuer publishes later still lets its tokens in. Expected refusals capture no stack.
 */
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../src/adapter.js';
import { createError } from '../../src/errors/jwt-guard-error.js';
import {
  createVerifier,
  InvalidTokenError,
  JwtGuardError,
  type JwtGuardEvent,
  type KeySource,
  KeysUnavailableError,
} from '../../src/index.js';
import { createKeySource } from '../../src/keys/key-source.js';
import { createTokenCache } from '../../src/verify/token-cache.js';
import { codeOf } from '../outcome.js';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['ES256'] });
});
afterAll(() => issuer.close());

/** A verifier on the test's clock whose key lookups (one per full verification) are counted. */
function countedVerifier(events?: (event: JwtGuardEvent) => void) {
  const clock = { ms: Date.now() };
  const now = () => clock.ms;
  const inner = createKeySource({
    issuer: issuer.issuer,
    jwksUri: issuer.jwksUri,
    algorithms: ['ES256'],
    maxResponseBytes: 1 << 18,
    fetch,
    now,
    cacheMaxAge: 600_000,
    cooldownDuration: 30_000,
    timeoutDuration: 5_000,
    staleIfError: 0,
  });
  const lookups = { count: 0 };
  const keySource: KeySource = {
    getKey: (header) => {
      lookups.count += 1;
      return inner.getKey(header);
    },
    holds: (kid, version) => inner.holds!(kid, version),
  };
  const verifier = createVerifier({
    issuer: issuer.issuer,
    audience: issuer.audience,
    keySource,
    now,
    ...(events ? { events } : {}),
  });
  return { verifier, lookups, clock };
}

describe('a flood of one expired token', () => {
  it('is verified once, then refused from the negative cache with the same code', async () => {
    const { verifier, lookups } = countedVerifier();
    const expired = await issuer.mint({ expiresIn: -60 });
    for (let i = 0; i < 50; i += 1) {
      expect(await codeOf(verifier.verify(expired))).toBe('ERR_TOKEN_EXPIRED');
    }
    expect(lookups.count).toBe(1);
  });

  it('is verified in full again once the negative entry has ended (failureTtl, 5 s)', async () => {
    const { verifier, lookups, clock } = countedVerifier();
    const expired = await issuer.mint({ expiresIn: -60 });
    await codeOf(verifier.verify(expired));
    clock.ms += 5_000;
    expect(await codeOf(verifier.verify(expired))).toBe('ERR_TOKEN_EXPIRED');
    expect(lookups.count).toBe(1);
    clock.ms += 1;
    expect(await codeOf(verifier.verify(expired))).toBe('ERR_TOKEN_EXPIRED');
    expect(lookups.count).toBe(2);
  });

  it('reports the same event, and answers the same status and challenge, every time', async () => {
    const events: JwtGuardEvent[] = [];
    const authenticator = createAuthenticator<string>(
      {
        issuer: issuer.issuer,
        audience: issuer.audience,
        events: (event) => events.push(event),
        challenge: { realm: 'shop' },
      },
      (authorization) => ({ authorization }),
    );
    const header = `Bearer ${await issuer.mint({ expiresIn: -60 })}`;
    const answers: unknown[] = [];
    for (let i = 0; i < 3; i += 1) {
      const error = (await authenticator.authenticate(header).catch((e: unknown) => e)) as
        | JwtGuardError
        | undefined;
      expect(error).toBeInstanceOf(InvalidTokenError);
      answers.push([error?.code, error?.status, error?.message, error?.headers]);
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(answers[0]).toEqual([
      'ERR_TOKEN_EXPIRED',
      401,
      'The access token has expired',
      {
        'WWW-Authenticate':
          'Bearer realm="shop", error="invalid_token", error_description="The access token has expired"',
      },
    ]);
    const refused = { type: 'token-refused', code: 'ERR_TOKEN_EXPIRED', status: 401 };
    expect(events.filter((e) => e.type === 'token-refused')).toEqual([refused, refused, refused]);
  });
});

describe('the negative cache', () => {
  it('holds at most 1000 refusals, dropping the least recently used', () => {
    const clock = { ms: 1_800_000_000_000 };
    const cache = createTokenCache({}, () => clock.ms);
    const token = (n: number) => `refused.${String(n).padStart(40, '0')}`;
    for (let n = 0; n <= 1000; n += 1) cache.fail(token(n), 'ERR_TOKEN_EXPIRED');
    expect(cache.failure(token(0))).toBeUndefined();
    expect(cache.failure(token(1))).toBe('ERR_TOKEN_EXPIRED');
    expect(cache.failure(token(1000))).toBe('ERR_TOKEN_EXPIRED');
  });
});

describe('a flood of unknown key ids', () => {
  it('fetches the keys no more often than the cooldown allows, and a key published later gets in', async () => {
    const rotating = await createTestIssuer({ algorithms: ['ES256'] });
    try {
      const clock = { ms: Date.now() };
      const verifier = createVerifier({
        issuer: rotating.issuer,
        audience: rotating.audience,
        now: () => clock.ms,
        jwks: { cooldownDuration: 30_000 },
      });
      await verifier.verify(await rotating.mint());
      const fetchesBefore = rotating.requests.jwks;
      const strangers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => rotating.mint({ header: { kid: `unknown-${i}` } })),
      );
      // Ten seconds of a flood of twenty unknown kids, within one 30 s cooldown: at most
      // one refresh, whatever the flood sends.
      const codes = new Set<string>();
      for (let round = 0; round < 10; round += 1) {
        const answers = await Promise.all(strangers.map((token) => codeOf(verifier.verify(token))));
        for (const code of answers) codes.add(code);
        clock.ms += 1_000;
      }
      expect([...codes]).toEqual(['ERR_KEY_NOT_FOUND']);
      expect(rotating.requests.jwks - fetchesBefore).toBeLessThanOrEqual(1);

      // The issuer publishes a new key: its token is refused no longer than the cooldown
      // (an unknown kid is never remembered as a refusal), then let in.
      await rotating.rotate({ keepPrevious: true });
      const newlyKeyed = await rotating.mint();
      expect(['resolved', 'ERR_KEY_NOT_FOUND']).toContain(
        await codeOf(verifier.verify(newlyKeyed)),
      );
      clock.ms += 30_000;
      await expect(verifier.verify(newlyKeyed)).resolves.toMatchObject({ token: newlyKeyed });
      expect(rotating.requests.jwks - fetchesBefore).toBeLessThanOrEqual(2);
    } finally {
      await rotating.close();
    }
  });
});

describe('stack capture', () => {
  it('captures no stack for an expected refusal, keeping its class and shape', () => {
    const error = createError('ERR_TOKEN_EXPIRED');
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error).toBeInstanceOf(JwtGuardError);
    expect(error).toBeInstanceOf(Error);
    expect(error.stack).toBe('InvalidTokenError: The access token has expired');
    expect(Error.stackTraceLimit).toBeGreaterThan(0);
  });

  it('keeps the stack of a 503, which is an operational failure', () => {
    const error = createError('ERR_KEYS_UNAVAILABLE');
    expect(error).toBeInstanceOf(KeysUnavailableError);
    expect(error.stack?.split('\n').length).toBeGreaterThan(1);
  });
});
