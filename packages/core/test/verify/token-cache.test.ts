import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createVerifier,
  type JwtGuardError,
  type KeySource,
  type VerifierOptions,
} from '../../src/index.js';
import { createKeySource } from '../../src/keys/key-source.js';
import { decodeSegment, withPayload } from '../forge.js';
import { codeOf } from '../outcome.js';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer();
});
afterAll(() => issuer.close());

/** A verifier whose key lookups are counted, with a clock the test moves. */
function counted(extra: Partial<VerifierOptions> = {}) {
  const clock = { ms: Date.now() };
  const now = () => clock.ms;
  const inner = createKeySource({
    issuer: issuer.issuer,
    jwksUri: undefined,
    algorithms: ['RS256', 'ES256', 'EdDSA'],
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
    ...extra,
  });
  return { verifier, lookups, clock };
}

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
