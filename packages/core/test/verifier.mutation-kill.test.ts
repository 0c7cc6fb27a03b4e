/**
 * `createVerifier` at its edges: the type and size gate before any parsing, the bounded
 * reuse of verifications a key source cannot vouch for (60 s), a reuse refused by
 * `holds`, deep-frozen results, and the revocation hook failing closed on a miss.
 */
import { generateTestKey, signRaw, type TestKey } from '@jwt-guard/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createVerifier,
  type KeyLookup,
  type KeySource,
  type VerifierOptions,
} from '../src/index.js';
import { hmacToken } from './forge.js';
import { codeOf, thrownBy } from './outcome.js';

const ISSUER = 'https://issuer.example';
const AUDIENCE = 'https://api.example';
const START_MS = 1_800_000_000_000;

let key: TestKey;
beforeAll(async () => {
  key = await generateTestKey('ES256', 'k1');
});

const sign = (claims: Record<string, unknown> = {}) => {
  const iat = START_MS / 1000;
  return signRaw(
    key,
    { alg: 'ES256', kid: key.kid, typ: 'JWT' },
    { iss: ISSUER, aud: AUDIENCE, iat, exp: iat + 3600, ...claims },
  );
};

/** A verifier over a key source the test controls; `lookups` counts full verifications. */
function setUp(
  source: { holds?: KeySource['holds']; id?: string } = {},
  extra: Partial<VerifierOptions> = {},
) {
  const clock = { ms: START_MS };
  const state = { lookups: 0 };
  const lookup: KeyLookup = { key: key.publicKey, id: source.id };
  const keySource: KeySource = {
    getKey: async () => {
      state.lookups += 1;
      return lookup;
    },
    ...(source.holds ? { holds: source.holds } : {}),
  };
  const verifier = createVerifier({
    issuer: ISSUER,
    audience: AUDIENCE,
    keySource,
    now: () => clock.ms,
    ...extra,
  });
  return { verifier, clock, state };
}

describe('before any parsing', () => {
  it('refuses a token that is not a string: thrown by verifyMaybeSync, rejected by verify', async () => {
    const { verifier } = setUp();
    expect(thrownBy(() => verifier.verifyMaybeSync(42 as never))?.code).toBe('ERR_TOKEN_MALFORMED');
    const pending = verifier.verify(undefined as never);
    expect(pending).toBeInstanceOf(Promise);
    expect(await codeOf(pending)).toBe('ERR_TOKEN_MALFORMED');
  });

  it('admits a token of exactly maxTokenBytes, and refuses one byte more', async () => {
    const token = await sign();
    const { verifier } = setUp({}, { maxTokenBytes: token.length });
    expect(await codeOf(verifier.verify(token))).toBe('resolved');
    const { verifier: tight, state } = setUp({}, { maxTokenBytes: token.length - 1 });
    expect(thrownBy(() => tight.verifyMaybeSync(token))?.code).toBe('ERR_TOKEN_TOO_LARGE');
    expect(state.lookups).toBe(0);
  });
});

describe('reusing a verification', () => {
  it.each([
    ['a key source without holds', {}],
    ['a key source without holds, naming its key', { id: 'x' }],
    // The key has no id to ask about, so holds is never asked: bounded instead.
    ['a key source whose key has no id', { holds: () => false }],
  ])('%s: reused for 60 s, then verified again', async (_name, source) => {
    const { verifier, clock, state } = setUp(source);
    const token = await sign();
    await verifier.verify(token);
    clock.ms += 60_000;
    await verifier.verify(token);
    expect(state.lookups).toBe(1);
    clock.ms += 1;
    await verifier.verify(token);
    expect(state.lookups).toBe(2);
  });

  it('a key source that vouches for the key: reused past 60 s, until holds says no', async () => {
    let held = true;
    const seen: string[] = [];
    const { verifier, clock, state } = setUp({
      id: 'thumb-1',
      holds: (id) => {
        seen.push(id);
        return held;
      },
    });
    const token = await sign();
    await verifier.verify(token);
    clock.ms += 10 * 60_000;
    await verifier.verify(token);
    expect(state.lookups).toBe(1);
    expect(seen).toEqual(['thumb-1']);
    held = false;
    await verifier.verify(token);
    expect(state.lookups).toBe(2);
  });

  it('re-checks the time claims on a hit, and drops the entry it refuses', async () => {
    const { verifier, clock, state } = setUp({}, { maxTokenAge: 30 });
    const token = await sign();
    await verifier.verify(token);
    clock.ms += 40_000;
    expect(await codeOf(verifier.verify(token))).toBe('ERR_TOKEN_TOO_OLD');
    expect(state.lookups).toBe(1);
    // Back in time (a clock step): the dropped entry is not found again.
    clock.ms -= 40_000;
    await verifier.verify(token);
    expect(state.lookups).toBe(2);
  });

  it('answers a remembered failure without a key lookup', async () => {
    const { verifier, state } = setUp();
    const token = await sign({ aud: 'https://other.example' });
    expect(await codeOf(verifier.verify(token))).toBe('ERR_AUDIENCE_MISMATCH');
    expect(thrownBy(() => verifier.verifyMaybeSync(token))?.code).toBe('ERR_AUDIENCE_MISMATCH');
    expect(state.lookups).toBe(1);
    // An issuer not trusted is refused before any key lookup, and remembered too.
    const foreign = await sign({ iss: 'https://evil.example' });
    expect(await codeOf(verifier.verify(foreign))).toBe('ERR_ISSUER_MISMATCH');
    expect(thrownBy(() => verifier.verifyMaybeSync(foreign))?.code).toBe('ERR_ISSUER_MISMATCH');
    expect(state.lookups).toBe(1);
  });
});

describe('an HMAC secret', () => {
  it('answers a repeated token from the cache, synchronously', async () => {
    const secret = 's'.repeat(32);
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, secret });
    const iat = Math.floor(Date.now() / 1000);
    const token = hmacToken(
      { alg: 'HS256', typ: 'JWT' },
      { iss: ISSUER, aud: AUDIENCE, iat, exp: iat + 60 },
      secret,
    );
    await verifier.verify(token);
    const hit = verifier.verifyMaybeSync(token);
    expect(hit).not.toBeInstanceOf(Promise);
    expect(hit).toMatchObject({ token, payload: { iss: ISSUER } });
  });
});

describe('keys unavailable', () => {
  it('says when to retry, in whole seconds of the backoff, and keeps the cause', async () => {
    const verifier = createVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwksUri: 'https://issuer.example/jwks',
      fetch: async () => {
        throw new Error('issuer down');
      },
      now: () => START_MS,
    });
    const error = await verifier.verify(await sign()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_KEYS_UNAVAILABLE', status: 503, retryAfter: 1 });
    expect((error as Error).cause).toBeInstanceOf(Error);
  });
});

describe('the result', () => {
  it('is frozen all the way down, header included', async () => {
    const { verifier } = setUp({}, { cache: false });
    const token = await sign({ org: { teams: [{ name: 'a' }] } });
    const { payload, header } = await verifier.verify<{ org: { teams: { name: string }[] } }>(
      token,
    );
    expect(Object.isFrozen(payload)).toBe(true);
    expect(Object.isFrozen(payload.org)).toBe(true);
    expect(Object.isFrozen(payload.org.teams)).toBe(true);
    expect(Object.isFrozen(payload.org.teams[0])).toBe(true);
    expect(Object.isFrozen(header)).toBe(true);
  });
});

describe('the revocation hook on a full verification', () => {
  it('gets the payload and header, and refuses only on true', async () => {
    const calls: unknown[] = [];
    const { verifier } = setUp(
      {},
      {
        cache: false,
        isRevoked: (payload, header) => {
          calls.push([payload.jti, header.kid]);
          return payload.jti === 'revoked';
        },
      },
    );
    expect(await codeOf(verifier.verify(await sign({ jti: 'fine' })))).toBe('resolved');
    expect(await codeOf(verifier.verify(await sign({ jti: 'revoked' })))).toBe('ERR_TOKEN_REVOKED');
    expect(calls).toEqual([
      ['fine', 'k1'],
      ['revoked', 'k1'],
    ]);
  });

  it('fails closed with a 503 when the hook rejects, keeping the cause', async () => {
    const cause = new Error('deny list down');
    const { verifier } = setUp({}, { cache: false, isRevoked: async () => Promise.reject(cause) });
    const error = await verifier.verify(await sign()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_REVOCATION_UNAVAILABLE', status: 503, cause });
  });
});
