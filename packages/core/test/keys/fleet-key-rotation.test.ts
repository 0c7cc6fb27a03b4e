/**
 * A key rotation seen by several instances that share a store (the memory store, standing for
 * Redis) costs the issuer one or two JWKS fetches, not one per instance: an unknown `kid`
 * reads the store first, one instance fetches under a short lock while the others wait for
 * its copy, and a store that fails or cannot lock is passed by. Discovery is shared too, so
 * an instance that starts while the issuer is down serves from what the store holds.
 */
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JwtGuardEvent } from '../../src/events.js';
import { createVerifier } from '../../src/index.js';
import { createMemoryStore, type SharedStore, StoreError } from '../../src/store/index.js';
import { codeOf } from '../outcome.js';

let issuer: TestIssuer;
beforeEach(async () => {
  issuer = await createTestIssuer({ algorithms: ['ES256'] });
});
afterEach(() => issuer.close());

/** A fetch that counts the requests for the issuer's JWKS. */
function countingFetch() {
  const counted = {
    jwks: 0,
    fetch: ((input, init) => {
      if (String(input) === issuer.jwksUri) counted.jwks += 1;
      return fetch(input, init);
    }) as typeof fetch,
  };
  return counted;
}

/** `count` verifiers that share `store`, as the instances of a fleet would. */
function fleet(count: number, store: SharedStore | undefined, fetchImpl: typeof fetch) {
  return Array.from({ length: count }, () =>
    createVerifier({ issuer: issuer.issuer, audience: issuer.audience, store, fetch: fetchImpl }),
  );
}

/** Every instance verifies a token of the current key, one after the other. */
async function warm(instances: ReturnType<typeof fleet>) {
  const token = await issuer.mint();
  for (const instance of instances) await instance.verify(token);
}

const failing = (error: () => Error): SharedStore => ({
  get: () => Promise.reject(error()),
  set: () => Promise.reject(error()),
  setIfAbsent: () => Promise.reject(error()),
});

describe('a key rotation across instances sharing a store', () => {
  it('costs the issuer one or two fetches however many instances see the new kid at once', async () => {
    const counted = countingFetch();
    const instances = fleet(8, createMemoryStore(), counted.fetch);
    await warm(instances);
    expect(counted.jwks).toBe(1);
    await issuer.rotate({ keepPrevious: true });
    const token = await issuer.mint();
    const results = await Promise.all(instances.map((instance) => instance.verify(token)));
    expect(results.map((auth) => auth.payload.iss)).toEqual(instances.map(() => issuer.issuer));
    expect(counted.jwks - 1).toBeGreaterThanOrEqual(1);
    expect(counted.jwks - 1).toBeLessThanOrEqual(2);
  });

  it('an instance that meets the new kid after another fetched it reads the store, not the issuer', async () => {
    const counted = countingFetch();
    const events: JwtGuardEvent[] = [];
    const store = createMemoryStore();
    const [first] = fleet(1, store, counted.fetch);
    const second = createVerifier({
      issuer: issuer.issuer,
      audience: issuer.audience,
      store,
      fetch: counted.fetch,
      events: (event) => events.push(event),
    });
    await warm([first!, second]);
    await issuer.rotate({ keepPrevious: true });
    const token = await issuer.mint();
    await first!.verify(token);
    expect(counted.jwks).toBe(2);
    expect((await second.verify(token)).payload.iss).toBe(issuer.issuer);
    expect(counted.jwks).toBe(2);
    const fetched = events.filter((event) => event.type === 'keys-fetched');
    expect(fetched.at(-1)).toMatchObject({ type: 'keys-fetched', fromStore: true, keys: 2 });
  });

  it('without a store, every instance fetches for itself (what the store saves)', async () => {
    const counted = countingFetch();
    const instances = fleet(4, undefined, counted.fetch);
    await warm(instances);
    await issuer.rotate({ keepPrevious: true });
    const token = await issuer.mint();
    await Promise.all(instances.map((instance) => instance.verify(token)));
    expect(counted.jwks).toBe(8);
  });

  it('an unknown kid no shared copy holds still goes to the issuer, once for the fleet', async () => {
    const counted = countingFetch();
    const instances = fleet(3, createMemoryStore(), counted.fetch);
    await warm(instances);
    // A kid the issuer never published: the store has nothing newer, so one instance asks the
    // issuer (the others wait for its copy), and the token is refused everywhere.
    const token = await issuer.mint({ header: { kid: 'never-published' } });
    const codes = await Promise.all(instances.map((instance) => codeOf(instance.verify(token))));
    expect(codes).toEqual(instances.map(() => 'ERR_KEY_NOT_FOUND'));
    expect(counted.jwks - 1).toBeGreaterThanOrEqual(1);
    expect(counted.jwks - 1).toBeLessThanOrEqual(2);
  });
});

describe('a store that cannot help', () => {
  it('a failing store is passed by: each instance fetches directly, and verifies', async () => {
    const counted = countingFetch();
    const store = failing(() => new StoreError('ERR_STORE_UNAVAILABLE'));
    const instances = fleet(3, store, counted.fetch);
    await warm(instances);
    expect(counted.jwks).toBe(3);
    await issuer.rotate({ keepPrevious: true });
    const token = await issuer.mint();
    const results = await Promise.all(instances.map((instance) => instance.verify(token)));
    expect(results.map((auth) => auth.payload.iss)).toEqual(instances.map(() => issuer.issuer));
    expect(counted.jwks).toBe(6);
  });

  it('a store that cannot lock (KV, the Cache API) is still read before refetching', async () => {
    const counted = countingFetch();
    const memory = createMemoryStore();
    const store: SharedStore = {
      get: (key) => memory.get(key),
      set: (key, value, ttlMs) => memory.set(key, value, ttlMs),
      setIfAbsent: () => Promise.reject(new StoreError('ERR_STORE_NOT_ATOMIC')),
    };
    const [first, second] = fleet(2, store, counted.fetch);
    await warm([first!, second!]);
    expect(counted.jwks).toBe(1);
    await issuer.rotate({ keepPrevious: true });
    const token = await issuer.mint();
    await first!.verify(token);
    expect((await second!.verify(token)).payload.iss).toBe(issuer.issuer);
    expect(counted.jwks).toBe(2);
  });

  it('a lock whose holder never writes holds the others back briefly, then they fetch', async () => {
    const counted = countingFetch();
    const store = createMemoryStore();
    // A one-second fetch timeout: the wait is half of it.
    const instance = createVerifier({
      issuer: issuer.issuer,
      audience: issuer.audience,
      store,
      fetch: counted.fetch,
      jwks: { timeoutDuration: 1000 },
    });
    await warm([instance]);
    await issuer.rotate({ keepPrevious: true });
    // Another instance took the lock and died before writing anything.
    await store.set(`jwks-lock:${issuer.jwksUri}`, '1', 60_000);
    const started = performance.now();
    const auth = await instance.verify(await issuer.mint());
    const waited = performance.now() - started;
    expect(auth.payload.iss).toBe(issuer.issuer);
    expect(counted.jwks).toBe(2);
    // The wait is bounded (2 s at most, or half the fetch timeout): inside the timeout.
    expect(waited).toBeGreaterThanOrEqual(450);
    expect(waited).toBeLessThan(1250);
  });
});

describe('refreshes across instances sharing a store', () => {
  it('a 304 to the instance that fetches is shared: the others refresh from the store', async () => {
    let requests = 0;
    // The issuer's JWKS with an ETag, answering 304 to a matching If-None-Match.
    const etagFetch = (async (input, init) => {
      const response = await fetch(input, init);
      if (String(input) !== issuer.jwksUri) return response;
      requests += 1;
      const body = await response.text();
      const etag = `"${body.length}-${issuer.keys.map((key) => key.kid).join('.')}"`;
      const sent = new Headers(init?.headers).get('if-none-match');
      if (sent === etag) return new Response(null, { status: 304, headers: { etag } });
      return new Response(body, { headers: { etag, 'content-type': 'application/json' } });
    }) as typeof fetch;
    let clock = Date.now();
    const store = createMemoryStore();
    const [first, second] = Array.from({ length: 2 }, () =>
      createVerifier({
        issuer: issuer.issuer,
        audience: issuer.audience,
        store,
        fetch: etagFetch,
        now: () => clock,
      }),
    );
    // A new token each time: a cached verification would refresh in the background instead.
    const token = () => issuer.mint({ expiresIn: 7200 });
    await first!.verify(await token());
    await second!.verify(await token());
    expect(requests).toBe(1);
    // Past both instances' freshness (10 minutes by default).
    clock += 601_000;
    await first!.verify(await token());
    expect(requests).toBe(2);
    expect((await second!.verify(await token())).payload.iss).toBe(issuer.issuer);
    expect(requests).toBe(2);
  });

  it('the wait for another instance’s fetch ends even when the clock option stands still', async () => {
    const store = createMemoryStore();
    const frozen = Date.now();
    const verifier = createVerifier({
      issuer: issuer.issuer,
      audience: issuer.audience,
      store,
      now: () => frozen,
      jwks: { timeoutDuration: 1000 },
    });
    await verifier.verify(await issuer.mint());
    await issuer.rotate({ keepPrevious: true });
    await store.set(`jwks-lock:${issuer.jwksUri}`, '1', 60_000);
    const started = performance.now();
    expect((await verifier.verify(await issuer.mint())).payload.iss).toBe(issuer.issuer);
    expect(performance.now() - started).toBeLessThan(1250);
  });
});

describe('discovery shared through the store', () => {
  it('a second instance makes no discovery fetch', async () => {
    const store = createMemoryStore();
    await warm(fleet(1, store, fetch));
    const discovered = issuer.requests.discovery;
    await warm(fleet(3, store, fetch));
    expect(issuer.requests.discovery).toBe(discovered);
    expect(issuer.requests.jwks).toBe(1);
  });

  it('an instance that starts while the issuer is down serves from what the store holds', async () => {
    const store = createMemoryStore();
    await warm(fleet(1, store, fetch));
    const token = await issuer.mint();
    issuer.setOutage(true);
    const [fresh] = fleet(1, store, fetch);
    expect((await fresh!.verify(token)).payload.iss).toBe(issuer.issuer);
    // Without the store, the same fresh instance has nothing to serve from: 503.
    const [alone] = fleet(1, undefined, fetch);
    expect(await codeOf(alone!.verify(token))).toBe('ERR_KEYS_UNAVAILABLE');
  });

  it('an entry for another issuer, or a jwks_uri outside the URL policy, is passed by', async () => {
    for (const entry of [
      { issuer: 'https://other.example', jwks_uri: issuer.jwksUri },
      { issuer: issuer.issuer, jwks_uri: 'http://169.254.169.254/jwks' },
      { issuer: issuer.issuer, jwks_uri: 42 },
    ]) {
      const store = createMemoryStore();
      await store.set(`discovery:${issuer.issuer}`, JSON.stringify(entry), 60_000);
      const before = issuer.requests.discovery;
      await warm(fleet(1, store, fetch));
      expect(issuer.requests.discovery - before).toBe(1);
      // What discovery found replaced the entry.
      expect(JSON.parse((await store.get(`discovery:${issuer.issuer}`)) ?? '{}')).toEqual({
        issuer: issuer.issuer,
        jwks_uri: issuer.jwksUri,
      });
    }
  });
});
