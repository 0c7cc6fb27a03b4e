/**
 * Key sets and discovery shared through a real Redis by several verifier instances, each on
 * its own connection as the processes of a fleet are: a key rotation costs the issuer one or
 * two JWKS fetches, a fresh instance serves from Redis while the issuer is down, a Redis that
 * is down is passed by, and the entries sit under the documented keys.
 */
import { createVerifier, type Verifier } from '@jwt-guard/core';
import {
  createTestIssuer,
  type RedisServer,
  startRedisServer,
  type TestIssuer,
} from '@jwt-guard/testing';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRedisStore, type RedisStore } from '../src/index.js';

let server: RedisServer;
let issuer: TestIssuer;
const opened: RedisStore[] = [];

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(async () => {
  issuer = await createTestIssuer({ algorithms: ['ES256'] });
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
  await issuer.close();
});

/** `count` instances, each with its own connection, under one prefix per test. */
function instances(count: number, url: string, prefix: string): Verifier[] {
  return Array.from({ length: count }, () => {
    const store = createRedisStore({ url, prefix, commandTimeoutMs: 300 });
    opened.push(store);
    return createVerifier({ issuer: issuer.issuer, audience: issuer.audience, store });
  });
}

async function verifyAll(verifiers: readonly Verifier[], token: string) {
  const results = await Promise.all(verifiers.map((verifier) => verifier.verify(token)));
  return results.map((auth) => auth.payload.iss);
}

describe('key sets shared through Redis', () => {
  it('a rotation seen by six instances at once costs the issuer one or two JWKS fetches', async () => {
    const fleet = instances(6, server.url, 'rotation:');
    const before = await issuer.mint();
    expect(await verifyAll(fleet, before)).toEqual(fleet.map(() => issuer.issuer));
    expect(issuer.requests.jwks).toBe(1);
    await issuer.rotate({ keepPrevious: true });
    expect(await verifyAll(fleet, await issuer.mint())).toEqual(fleet.map(() => issuer.issuer));
    expect(issuer.requests.jwks - 1).toBeGreaterThanOrEqual(1);
    expect(issuer.requests.jwks - 1).toBeLessThanOrEqual(2);
  });

  it('keeps the document and discovery under the documented keys, and no lock once done', async () => {
    await verifyAll(instances(2, server.url, 'layout:'), await issuer.mint());
    const client = createClient({ url: server.url });
    client.on('error', () => undefined);
    await client.connect();
    try {
      const keys = (await client.keys('layout:*')).sort();
      expect(keys).toEqual([`layout:discovery:${issuer.issuer}`, `layout:jwks:${issuer.jwksUri}`]);
      const discovery = JSON.parse((await client.get(keys[0]!)) ?? 'null');
      expect(discovery).toEqual({ issuer: issuer.issuer, jwks_uri: issuer.jwksUri });
      const document = JSON.parse((await client.get(keys[1]!)) ?? 'null');
      expect(document.json).toEqual(issuer.jwks());
      expect(document.freshUntil).toBeGreaterThan(Date.now());
      // Both carry a time to live: nothing is kept forever.
      for (const key of keys) expect(await client.pTTL(key)).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });

  it('an instance that starts while the issuer is down serves from what Redis holds', async () => {
    await verifyAll(instances(1, server.url, 'outage:'), await issuer.mint());
    issuer.setOutage(true);
    const [fresh] = instances(1, server.url, 'outage:');
    expect(await verifyAll([fresh!], await issuer.mint())).toEqual([issuer.issuer]);
  });

  it('a Redis that is down is passed by: each instance fetches for itself, and verifies', async () => {
    const own = await startRedisServer();
    const fleet = instances(3, own.url, 'down:');
    try {
      await verifyAll(fleet, await issuer.mint());
      expect(issuer.requests.jwks).toBe(1);
      await own.stop();
      await issuer.rotate({ keepPrevious: true });
      expect(await verifyAll(fleet, await issuer.mint())).toEqual(fleet.map(() => issuer.issuer));
      expect(issuer.requests.jwks).toBe(4);
    } finally {
      await own.stop();
    }
  });
});
