/**
 * Issue 19 §1.1 across a fleet: the new-issuer fetch budget (`jwks.newIssuerFetchesPerMinute`)
 * is one budget for every instance that shares a Redis store, against a real redis-server
 * and a real issuer on loopback; each instance has its own Redis client, as processes do.
 */
import { randomUUID } from 'node:crypto';
import { createVerifier, type IssuerResolver, type Verifier } from '@jwt-guard/core';
import {
  createTestIssuer,
  type RedisServer,
  startRedisServer,
  type TestIssuer,
} from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore, type RedisStore } from '../src/index.js';

const AUDIENCE = 'https://api.example.test';
const PATTERN = /^http:\/\/127\.0\.0\.1:\d+\/tenants\/[a-z0-9-]+$/;
const tenants: IssuerResolver = (iss) => (PATTERN.test(iss) ? {} : undefined);

describe('the new-issuer fetch budget on Redis', () => {
  let server: RedisServer;
  let issuer: TestIssuer;
  const stores: RedisStore[] = [];
  beforeAll(async () => {
    [server, issuer] = await Promise.all([
      startRedisServer(),
      createTestIssuer({ algorithms: ['ES256'], path: '/tenants/real' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await Promise.all([server?.stop(), issuer?.close()]);
  });

  it('three instances on one Redis share one budget: a flood of new issuers costs it once', async () => {
    const urls: string[] = [];
    const counted: typeof fetch = (input, init) => {
      urls.push(String(input));
      return fetch(input, init);
    };
    const prefix = `budget-${randomUUID()}:`;
    // One clock standing still: one budget window for the whole flood.
    const startedAt = Date.now();
    const instances: Verifier[] = [0, 1, 2].map(() => {
      const store = createRedisStore({ url: server.url, prefix });
      stores.push(store);
      return createVerifier({
        issuer: tenants,
        audience: AUDIENCE,
        fetch: counted,
        now: () => startedAt,
        store,
        jwks: { newIssuerFetchesPerMinute: 4 },
      });
    });
    const origin = new URL(issuer.issuer).origin;
    const codes: string[] = [];
    for (let i = 0; i < 30; i += 1) {
      const token = await issuer.mint({ claims: { iss: `${origin}/tenants/${randomUUID()}` } });
      const refused = await instances[i % 3]!.verify(token).then(
        () => 'resolved',
        (error: { code: string }) => error.code,
      );
      codes.push(refused);
    }
    // Each junk issuer costs two fetches (both discovery documents answer 404): the fleet's
    // four make two of them 401 ERR_ISSUER_MISMATCH; every other is refused unfetched.
    // Without the shared budget, each instance would have made four.
    expect(urls).toHaveLength(4);
    expect(codes.filter((code) => code === 'ERR_ISSUER_MISMATCH')).toHaveLength(2);
    expect(codes.filter((code) => code === 'ERR_ISSUER_BUDGET_EXCEEDED')).toHaveLength(28);
  });
});
