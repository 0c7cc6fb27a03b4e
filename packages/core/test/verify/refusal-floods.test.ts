/**
 * Floods of refused tokens (issue 24): a repeated expired token is answered from the
 * bounded negative cache with the same refusal and events as a full verification; the
 * negative entry ends after `failureTtl`; the negative cache is bounded; a flood of unknown
 * key ids fetches the issuer's keys no more often than the cooldown allows, and a key the
 * issuer publishes later still lets its tokens in. Each kind the bench floods (malformed,
 * bad signature, expired, unknown issuer, unknown kid, no token) is refused alike every
 * time with no fetch beyond the cooldown; definitive ones are verified once, an unknown kid
 * once while its refusal cannot change (before the cooldown lets a refetch, with no key set
 * changed; every time with a custom key source), and under a resolver a refusal its answer
 * may change is not remembered.
 * Expected refusals capture no stack.
 */
import { createTestIssuer, generateTestKey, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../src/authenticator.js';
import { createError } from '../../src/errors/jwt-guard-error.js';
import {
  createVerifier,
  InvalidTokenError,
  JwtGuardError,
  type JwtGuardEvent,
  KeysUnavailableError,
} from '../../src/index.js';
import { createTokenCache } from '../../src/verify/token-cache.js';
import { countedVerifier } from '../counted-verifier.js';
import { createFlakyIssuer, mintFor, verifierFor } from '../flaky-issuer.js';
import { codeOf } from '../outcome.js';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['ES256'] });
});
afterAll(() => issuer.close());

const counted = () => countedVerifier(issuer);

describe('a flood of one expired token', () => {
  it('is verified once, then refused from the negative cache with the same code', async () => {
    const { verifier, lookups } = counted();
    const expired = await issuer.mint({ expiresIn: -60 });
    for (let i = 0; i < 50; i += 1) {
      expect(await codeOf(verifier.verify(expired))).toBe('ERR_TOKEN_EXPIRED');
    }
    expect(lookups.count).toBe(1);
  });

  it('is verified in full again once the negative entry has ended (failureTtl, 5 s)', async () => {
    const { verifier, lookups, clock } = counted();
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
      // (an unknown kid is remembered as a refusal no longer than that), then let in.
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

describe('a flood of one unknown kid, on the key source the verifier builds', () => {
  it('is looked up once while no refetch may happen, and the same token gets in once its key is published and the cooldown is over', async () => {
    const flaky = await createFlakyIssuer();
    try {
      const clock = { ms: Date.now() };
      const events: JwtGuardEvent[] = [];
      const verifier = verifierFor(
        flaky,
        { jwks: { cooldownDuration: 30_000 }, events: (event) => events.push(event) },
        clock,
      );
      await verifier.verify(await mintFor(flaky));
      const unpublished = await generateTestKey('ES256', 'published-later');
      const token = await mintFor(flaky, { key: unpublished, expiresIn: 3600 });
      for (let i = 0; i < 30; i += 1) {
        expect(await codeOf(verifier.verify(token))).toBe('ERR_KEY_NOT_FOUND');
      }
      const count = (type: JwtGuardEvent['type']) => events.filter((e) => e.type === type).length;
      // The first refusal refetched the keys, which moved the key-set generation it was
      // read under, so the second was looked up once more (its refetch refused by the
      // cooldown); the 28 others never reached the key source, yet each was reported.
      expect(flaky.hits.jwks).toBe(2);
      expect(count('keys-refetch-skipped')).toBe(1);
      expect(count('token-refused')).toBe(30);

      flaky.body = { keys: [...flaky.keys.jwks().keys, unpublished.publicJwk] };
      // Within the cooldown no refetch may happen: the answer cannot have changed yet.
      clock.ms += 29_000;
      expect(await codeOf(verifier.verify(token))).toBe('ERR_KEY_NOT_FOUND');
      expect(flaky.hits.jwks).toBe(2);
      clock.ms += 1_000;
      await expect(verifier.verify(token)).resolves.toMatchObject({ token });
      expect(flaky.hits.jwks).toBe(3);
    } finally {
      await flaky.close();
    }
  });

  it('is looked up again at once when some key set changes, before its cooldown ends', async () => {
    const [a, b] = await Promise.all([createFlakyIssuer(), createFlakyIssuer()]);
    try {
      const clock = { ms: Date.now() };
      const events: JwtGuardEvent[] = [];
      const verifier = createVerifier({
        issuer: [a.issuer, b.issuer],
        audience: a.audience,
        now: () => clock.ms,
        jwks: { cooldownDuration: 30_000 },
        events: (event) => events.push(event),
      });
      await verifier.verify(await mintFor(a));
      await verifier.verify(await mintFor(b));
      const stranger = await mintFor(a, { header: { kid: 'never-published' } });
      for (let i = 0; i < 10; i += 1) {
        expect(await codeOf(verifier.verify(stranger))).toBe('ERR_KEY_NOT_FOUND');
      }
      const skipped = () => events.filter((e) => e.type === 'keys-refetch-skipped').length;
      // Looked up twice: the first refusal's own refetch moved the generation.
      expect(skipped()).toBe(1);
      // Issuer B's set changes (a token of its new key refetches it): the verifier's key
      // sets have changed, so A's remembered refusal no longer stands on its own word.
      await b.keys.rotate({ keepPrevious: true });
      await verifier.verify(await mintFor(b));
      expect(await codeOf(verifier.verify(stranger))).toBe('ERR_KEY_NOT_FOUND');
      expect(skipped()).toBe(2);
      expect(await codeOf(verifier.verify(stranger))).toBe('ERR_KEY_NOT_FOUND');
      expect(skipped()).toBe(2);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** One token per kind of refusal the bench floods, and the code each is refused with. */
const REFUSALS = {
  malformed: {
    code: 'ERR_TOKEN_MALFORMED',
    // A header that is not JSON, before a payload the verifier would otherwise route.
    token: async () =>
      `${Buffer.from('{not json').toString('base64url')}.${b64({ iss: issuer.issuer, sub: 'x' })}.${'A'.repeat(86)}`,
  },
  'bad signature': {
    code: 'ERR_SIGNATURE_INVALID',
    token: async () => {
      const [header, payload] = (await issuer.mint({ claims: { sub: 'a' } })).split('.');
      const signature = (await issuer.mint({ claims: { sub: 'b' } })).split('.')[2];
      return `${header}.${payload}.${signature}`;
    },
  },
  expired: { code: 'ERR_TOKEN_EXPIRED', token: () => issuer.mint({ expiresIn: -60 }) },
  'unknown issuer': {
    code: 'ERR_ISSUER_MISMATCH',
    token: () => issuer.mint({ claims: { iss: 'https://unknown-issuer.invalid/' } }),
  },
  'unknown kid': {
    code: 'ERR_KEY_NOT_FOUND',
    token: () => issuer.mint({ header: { kid: 'never-published' } }),
  },
} as const;
type RefusalKind = keyof typeof REFUSALS;
const KINDS = Object.keys(REFUSALS) as RefusalKind[];

describe('a flood of each kind of refused token', () => {
  it.each(KINDS)(
    '%s: the same refusal every time, and no key fetch beyond the cooldown',
    async (kind) => {
      const clock = { ms: Date.now() };
      const verifier = createVerifier({
        issuer: issuer.issuer,
        audience: issuer.audience,
        now: () => clock.ms,
        jwks: { cooldownDuration: 30_000 },
      });
      await verifier.verify(await issuer.mint());
      const fetchesBefore = issuer.requests.jwks;
      const token = await REFUSALS[kind].token();
      const codes = new Set<string>();
      // 25 s of a flood, within one 30 s cooldown.
      for (let round = 0; round < 5; round += 1) {
        const answers = await Promise.all(
          Array.from({ length: 20 }, () => codeOf(verifier.verify(token))),
        );
        for (const code of answers) codes.add(code);
        clock.ms += 5_000;
      }
      expect([...codes]).toEqual([REFUSALS[kind].code]);
      // Only an unknown kid may send the verifier to the issuer's keys, once per cooldown.
      expect(issuer.requests.jwks - fetchesBefore).toBeLessThanOrEqual(
        kind === 'unknown kid' ? 1 : 0,
      );
    },
  );

  it.each([
    ['bad signature', 1],
    ['expired', 1],
    ['unknown kid', 30],
  ] as const)(
    '%s: with listed issuers, key lookups for a flood of 30: %i',
    async (kind, expected) => {
      const { verifier, lookups } = counted();
      const token = await REFUSALS[kind].token();
      for (let i = 0; i < 30; i += 1) {
        expect(await codeOf(verifier.verify(token))).toBe(REFUSALS[kind].code);
      }
      // A definitive refusal is verified once and then answered from the negative cache; an
      // unknown kid is looked up every time on a custom key source (this one), which cannot
      // say when the issuer may publish the key.
      expect(lookups.count).toBe(expected);
    },
  );

  it('an unknown issuer: routed once, the rest answered from the negative cache', async () => {
    const events: JwtGuardEvent[] = [];
    const { verifier } = countedVerifier(issuer, { events: (event) => events.push(event) });
    const token = await REFUSALS['unknown issuer'].token();
    for (let i = 0; i < 30; i += 1) {
      expect(await codeOf(verifier.verify(token))).toBe('ERR_ISSUER_MISMATCH');
    }
    expect(events.filter((e) => e.type === 'issuer-refused')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'token-refused')).toHaveLength(30);
  });

  it('no token at all: refused with the challenge and no error code every time, with no key fetch', async () => {
    const authenticator = createAuthenticator<string | undefined>(
      { issuer: issuer.issuer, audience: issuer.audience },
      (authorization) => ({ authorization }),
    );
    const fetchesBefore = issuer.requests.jwks;
    for (let i = 0; i < 20; i += 1) {
      const error = (await Promise.resolve()
        .then(() => authenticator.authenticate(undefined))
        .catch((e: unknown) => e)) as JwtGuardError;
      expect(error).toBeInstanceOf(JwtGuardError);
      expect([error.code, error.status, error.headers]).toEqual([
        'ERR_NO_TOKEN',
        401,
        { 'WWW-Authenticate': 'Bearer realm="api"' },
      ]);
    }
    expect(issuer.requests.jwks).toBe(fetchesBefore);
  });
});

describe('refusals a configuration change may alter', () => {
  it('are not remembered under a resolver: the same token gets in once the resolver admits it', async () => {
    let audience = 'https://another-api.example.test';
    let asked = 0;
    const verifier = createVerifier({
      audience: issuer.audience,
      issuer: () => {
        asked += 1;
        return { audience };
      },
    });
    const token = await issuer.mint();
    for (let i = 0; i < 3; i += 1) {
      expect(await codeOf(verifier.verify(token))).toBe('ERR_AUDIENCE_MISMATCH');
    }
    expect(asked).toBe(3);
    audience = issuer.audience;
    await expect(verifier.verify(token)).resolves.toMatchObject({ token });
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
