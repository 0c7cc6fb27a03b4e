import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  createRing,
  currentKey,
  isRotationDue,
  nextKey,
  publishedKeys,
  type RingKey,
  rotateRing,
} from '../src/key-ring.js';
import { RING_KEY } from '../src/key-ring-store.js';
import { fakeClock, issuerOn, kidOf } from './helpers.js';

const key = (kid: string, createdAt = 0): RingKey => ({
  kid,
  alg: 'ES256',
  state: 'next',
  createdAt,
  publicJwk: { kty: 'EC', kid },
  sealedPrivateJwk: `sealed-${kid}`,
});
const HOUR = 3_600_000;

describe('key ring state machine', () => {
  it('a new ring holds a current key and a published next key', () => {
    const ring = createRing(key('a'), key('b'), 1000);
    expect(currentKey(ring)).toMatchObject({ kid: 'a', state: 'current', activatedAt: 1000 });
    expect(nextKey(ring)).toMatchObject({ kid: 'b', state: 'next' });
    expect(publishedKeys(ring, 1000).map((k) => k.kid)).toEqual(['a', 'b']);
  });

  it('one step: next signs, current retires, a fresh key is published next', () => {
    const ring = createRing(key('a'), key('b'), 0);
    const step = rotateRing(ring, key('c'), 10 * HOUR, HOUR);
    expect(step.kid).toBe('b');
    expect(step.publishedForMs).toBe(10 * HOUR);
    expect(step.ring.keys.map((k) => [k.kid, k.state])).toEqual([
      ['a', 'retiring'],
      ['b', 'current'],
      ['c', 'next'],
    ]);
    expect(step.ring.keys[0]).toMatchObject({ retiredAt: 10 * HOUR, publishUntil: 11 * HOUR });
    expect(step.ring.keys[1]).toMatchObject({ activatedAt: 10 * HOUR });
  });

  it('a retiring key stays published until its tokens have expired, and is dropped after', () => {
    const first = rotateRing(createRing(key('a'), key('b'), 0), key('c'), 0, HOUR).ring;
    expect(publishedKeys(first, HOUR - 1).map((k) => k.kid)).toContain('a');
    expect(publishedKeys(first, HOUR).map((k) => k.kid)).not.toContain('a');
    // A step taken while `a` is still within its window keeps it; one after drops it.
    const early = rotateRing(first, key('d'), HOUR - 1, HOUR).ring;
    expect(early.keys.map((k) => k.kid)).toEqual(['a', 'b', 'c', 'd']);
    const late = rotateRing(first, key('d'), HOUR, HOUR).ring;
    expect(late.keys.map((k) => [k.kid, k.state])).toEqual([
      ['b', 'retiring'],
      ['c', 'current'],
      ['d', 'next'],
    ]);
  });

  it('rotation is due once the current key has signed for rotateEvery', () => {
    const ring = createRing(key('a'), key('b'), 1000);
    expect(isRotationDue(ring, 1000 + HOUR - 1, HOUR)).toBe(false);
    expect(isRotationDue(ring, 1000 + HOUR, HOUR)).toBe(true);
  });
});

describe('issuer key ring', () => {
  it('publishes the next key ahead of use, and signs with it right after one step', async () => {
    const clock = fakeClock();
    const tokens = issuerOn(undefined, { now: clock.now });
    const before = (await tokens.jwks()).keys.map((k) => k.kid);
    const signedBefore = kidOf((await tokens.issue({ sub: 'alice' })).accessToken);
    expect(before).toHaveLength(2);
    expect(before).toContain(signedBefore);
    const [ahead] = before.filter((kid) => kid !== signedBefore);
    clock.advance(11 * 60_000);
    const result = await tokens.rotateKeys();
    expect(result).toMatchObject({ rotated: true, kid: ahead });
    expect(kidOf((await tokens.issue({ sub: 'alice' })).accessToken)).toBe(ahead);
    const after = (await tokens.jwks()).keys.map((k) => k.kid);
    expect(after).toHaveLength(3);
    expect(after).toEqual(expect.arrayContaining(before));
  });

  it('drops a retiring key once every token it signed has expired', async () => {
    const clock = fakeClock();
    const tokens = issuerOn(undefined, { now: clock.now });
    const first = kidOf((await tokens.issue({ sub: 'alice' })).accessToken);
    clock.advance(11 * 60_000);
    await tokens.rotateKeys();
    clock.advance(3_600_000 + 60_000 - 1); // the longest token life plus clock tolerance
    expect((await tokens.jwks()).keys.map((k) => k.kid)).toContain(first);
    clock.advance(10_001); // past publishUntil, and past the ring cache's refresh
    expect((await tokens.jwks()).keys.map((k) => k.kid)).not.toContain(first);
    await tokens.rotateKeys();
    expect((await tokens.jwks()).keys.map((k) => k.kid)).not.toContain(first);
  });

  it('writes its ring back when the store has lost it, keeping every published key', async () => {
    const clock = fakeClock();
    const tokens = issuerOn(undefined, { now: clock.now });
    const { store } = tokens.options;
    const issued = await tokens.issue({ sub: 'alice' });
    const before = (await tokens.jwks()).keys.map((k) => k.kid).sort();
    await store.delete(RING_KEY); // an LRU eviction, or a flushed Redis
    clock.advance(10_001); // past the instance's ring cache
    const after = (await tokens.jwks()).keys.map((k) => k.kid).sort();
    expect(after).toEqual(before);
    expect(await store.get(RING_KEY)).toBeDefined();
    expect(kidOf((await tokens.issue({ sub: 'alice' })).accessToken)).toBe(
      kidOf(issued.accessToken),
    );
  });

  it('refuses tokens of a retired key once it has been dropped from the key set', async () => {
    const clock = fakeClock();
    const tokens = issuerOn(undefined, { now: clock.now });
    const issuedAt = new Date(clock.now());
    const { accessToken } = await tokens.issue({ sub: 'alice' });
    const verifyAgainst = async () =>
      jwtVerify(accessToken, createLocalJWKSet(await tokens.jwks()), { currentDate: issuedAt });
    clock.advance(11 * 60_000);
    await tokens.rotateKeys();
    expect((await verifyAgainst()).payload.sub).toBe('alice');
    clock.advance(3_600_000 + 60_000);
    await expect(verifyAgainst()).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
  });

  it('a step before the next key has been published publishAhead still rotates, with a warning event', async () => {
    const clock = fakeClock();
    const events: unknown[] = [];
    const tokens = issuerOn(undefined, { now: clock.now, onEvent: (event) => events.push(event) });
    await tokens.jwks();
    clock.advance(60_000);
    const result = await tokens.rotateKeys();
    expect(result.rotated).toBe(true);
    expect(events).toEqual([
      { type: 'key-rotated-early', kid: result.kid, publishedForMs: 60_000 },
    ]);
    clock.advance(10 * 60_000);
    const onTime = await tokens.rotateKeys();
    expect(events.at(-1)).toEqual({ type: 'key-rotated', kid: onTime.kid });
  });

  it('keys given as a list are published as given and never rotated', async () => {
    const { generateKeyPair, exportJWK } = await import('jose');
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(privateKey);
    const tokens = issuerOn(undefined, { keys: [{ kid: 'kms-1', privateKey: jwk }] });
    expect(kidOf((await tokens.issue({ sub: 'alice' })).accessToken)).toBe('kms-1');
    const { keys } = await tokens.jwks();
    expect(keys).toEqual([expect.objectContaining({ kid: 'kms-1', alg: 'ES256', use: 'sig' })]);
    expect(keys[0]).not.toHaveProperty('d');
    expect(await tokens.rotateKeys()).toEqual({ rotated: false, kid: 'kms-1' });
  });
});
