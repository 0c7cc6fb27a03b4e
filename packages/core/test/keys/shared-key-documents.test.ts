/**
 * The shared copy of a key set document and the fetch lock, on the memory store: what is
 * written where, for how long, what is read back (and what is refused as not ours), and that
 * a failing store never fails the caller.
 */
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier } from '../../src/index.js';
import { discoverSharedJwksUri } from '../../src/keys/shared-discovery.js';
import { createSharedKeyDocuments } from '../../src/keys/shared-key-documents.js';
import { createMemoryStore, type SharedStore, StoreError } from '../../src/store/index.js';

const timings = {
  cacheMaxAge: 600_000,
  cooldownDuration: 30_000,
  timeoutDuration: 5_000,
  staleIfError: 600_000,
};
const URI = 'https://id.example.com/jwks';
const JWKS = { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }] };

/** The memory store, with every `set` and `setIfAbsent` recorded. */
function recording() {
  const memory = createMemoryStore();
  const sets: { key: string; value: string; ttlMs: number }[] = [];
  const store: SharedStore = {
    get: (key) => memory.get(key),
    set: (key, value, ttlMs) => {
      sets.push({ key, value, ttlMs });
      return memory.set(key, value, ttlMs);
    },
    setIfAbsent: (key, value, ttlMs) => {
      sets.push({ key, value, ttlMs });
      return memory.setIfAbsent(key, value, ttlMs);
    },
  };
  return { store, sets };
}

const down: SharedStore = {
  get: () => Promise.reject(new StoreError('ERR_STORE_UNAVAILABLE')),
  set: () => Promise.reject(new StoreError('ERR_STORE_UNAVAILABLE')),
  setIfAbsent: () => Promise.reject(new StoreError('ERR_STORE_NOT_ATOMIC')),
};

describe('createSharedKeyDocuments', () => {
  it('writes the document under jwks:<uri> for its freshness, and reads back what is left', async () => {
    let clock = 1_000_000;
    const { store, sets } = recording();
    const shared = createSharedKeyDocuments(store, timings, () => clock);
    await shared.write(URI, { notModified: false, json: JWKS, etag: '"e1"', maxAgeSeconds: 120 });
    expect(sets).toEqual([
      {
        key: `jwks:${URI}`,
        value: JSON.stringify({ json: JWKS, etag: '"e1"', freshUntil: 1_120_000 }),
        ttlMs: 120_000,
      },
    ]);
    clock += 50_500;
    expect(await shared.read(URI)).toEqual({
      result: { notModified: false, json: JWKS, etag: '"e1"', maxAgeSeconds: 69 },
      freshUntil: 1_120_000,
      writtenUntil: 1_120_000,
    });
    // Freshness ends exactly at freshUntil.
    clock = 1_120_000;
    expect(await shared.read(URI)).toBeUndefined();
  });

  it('bounds the freshness of a copy by this instance’s cacheMaxAge, keeping the writer’s', async () => {
    const clock = 5_000;
    const store = createMemoryStore();
    const farOff = clock + 36_000_000;
    await store.set(`jwks:${URI}`, JSON.stringify({ json: JWKS, freshUntil: farOff }), 60_000);
    const read = await createSharedKeyDocuments(store, timings, () => clock).read(URI);
    expect(read).toEqual({
      result: { notModified: false, json: JWKS, etag: undefined, maxAgeSeconds: 600 },
      freshUntil: clock + 600_000,
      writtenUntil: farOff,
    });
  });

  it('reads an entry that is not a document of ours as absent', async () => {
    const store = createMemoryStore();
    const shared = createSharedKeyDocuments(store, timings, () => 0);
    for (const text of ['not json', 'null', '42', '{"json":{}}', '{"freshUntil":"9999999"}']) {
      await store.set(`jwks:${URI}`, text, 60_000);
      expect(await shared.read(URI)).toBeUndefined();
    }
    await store.set(`jwks:${URI}`, JSON.stringify({ json: JWKS, etag: 7, freshUntil: 9 }), 60_000);
    expect((await shared.read(URI))?.result).toEqual({
      notModified: false,
      json: JWKS,
      etag: undefined,
      maxAgeSeconds: 0,
    });
  });

  it('locks with setIfAbsent under jwks-lock:<uri>, once, until unlocked', async () => {
    const { store, sets } = recording();
    const shared = createSharedKeyDocuments(store, timings, Date.now);
    expect(await shared.lock(URI, 6_000)).toBe('acquired');
    expect(await shared.lock(URI, 6_000)).toBe('held');
    expect(sets[0]).toEqual({ key: `jwks-lock:${URI}`, value: '1', ttlMs: 6_000 });
    await shared.unlock(URI);
    expect(sets.at(-1)).toEqual({ key: `jwks-lock:${URI}`, value: '0', ttlMs: 1 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await shared.lock(URI, 6_000)).toBe('acquired');
    // Another document's lock is its own.
    expect(await shared.lock(`${URI}/other`, 6_000)).toBe('acquired');
  });

  it('never fails the caller when the store does: absent, unavailable, written nowhere', async () => {
    const shared = createSharedKeyDocuments(down, timings, Date.now);
    expect(await shared.read(URI)).toBeUndefined();
    expect(await shared.lock(URI, 6_000)).toBe('unavailable');
    await expect(shared.unlock(URI)).resolves.toBeUndefined();
    await expect(
      shared.write(URI, { notModified: false, json: JWKS, etag: undefined, maxAgeSeconds: 60 }),
    ).resolves.toBeUndefined();
  });
});

describe('discoverSharedJwksUri', () => {
  const limits = { timeoutMs: 1000, maxBytes: 10_000 };
  const ISSUER = 'https://id.example.com';
  const metadataFetch = (calls: string[]) =>
    (async (input: string | URL | Request) => {
      calls.push(String(input));
      return Response.json({ issuer: ISSUER, jwks_uri: URI });
    }) as typeof fetch;

  it('shares what discovery found for a day, and reads it back without fetching', async () => {
    const { store, sets } = recording();
    const calls: string[] = [];
    const fetch = metadataFetch(calls);
    expect(await discoverSharedJwksUri(ISSUER, store, { ...limits, fetch })).toBe(URI);
    expect(sets).toEqual([
      {
        key: `discovery:${ISSUER}`,
        value: JSON.stringify({ issuer: ISSUER, jwks_uri: URI }),
        ttlMs: 86_400_000,
      },
    ]);
    expect(await discoverSharedJwksUri(ISSUER, store, { ...limits, fetch })).toBe(URI);
    expect(calls).toEqual([`${ISSUER}/.well-known/openid-configuration`]);
  });

  it('discovers for itself without a store, or when the store fails', async () => {
    const calls: string[] = [];
    const fetch = metadataFetch(calls);
    expect(await discoverSharedJwksUri(ISSUER, undefined, { ...limits, fetch })).toBe(URI);
    expect(await discoverSharedJwksUri(ISSUER, down, { ...limits, fetch })).toBe(URI);
    expect(calls).toHaveLength(2);
  });
});

describe('a shared key document with no usable key', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer({ algorithms: ['ES256'] });
  });
  afterAll(() => issuer.close());

  it('is passed by: the issuer is fetched, and a far-future freshness is capped', async () => {
    const store = createMemoryStore();
    const jwksUri = `${issuer.issuer}/jwks.json`;
    for (const json of [null, { keys: [] }, { keys: 'x' }]) {
      await store.set(
        `jwks:${jwksUri}`,
        JSON.stringify({ json, etag: undefined, freshUntil: 1e300 }),
        60_000,
      );
      const before = issuer.requests.jwks;
      const verifier = createVerifier({ issuer: issuer.issuer, audience: issuer.audience, store });
      expect((await verifier.verify(await issuer.mint())).payload.iss).toBe(issuer.issuer);
      expect(issuer.requests.jwks - before).toBe(1);
    }
  });
});
