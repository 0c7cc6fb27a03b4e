/**
 * A deny list on a real Redis, shared by two instances on their own connections: issuer B
 * revoking its token never refuses issuer A's token with the same `jti`, and each
 * revocation sits under the documented key until the token's expiry.
 */
import { createDenyList, createVerifier, JwtGuardError } from '@jwt-guard/core';
import {
  createTestIssuers,
  type RedisServer,
  startRedisServer,
  type TestIssuers,
} from '@jwt-guard/testing';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore, type RedisStore } from '../src/index.js';

let server: RedisServer;
let issuers: TestIssuers;
const opened: RedisStore[] = [];
beforeAll(async () => {
  [server, issuers] = await Promise.all([startRedisServer(), createTestIssuers(2)]);
});
afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
  await Promise.all([server?.stop(), issuers?.close()]);
});

/** One instance of a fleet: its own Redis connection, deny list and verifier. */
function instance() {
  const store = createRedisStore({ url: server.url });
  opened.push(store);
  const denyList = createDenyList({ store });
  const [a, b] = issuers;
  const verifier = createVerifier({
    issuer: [a!.issuer, b!.issuer],
    audience: a!.audience,
    isRevoked: denyList.isRevoked,
  });
  return { denyList, verifier };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(JwtGuardError);
  return (error as JwtGuardError).code;
}

describe('a deny list on Redis', () => {
  it('issuer B revoking its token leaves issuer A’s token with the same jti valid, on every instance', async () => {
    const [a, b] = issuers;
    const [one, two] = [instance(), instance()];
    const fromA = await a!.mint({ claims: { jti: 'fleet-jti' } });
    const fromB = await b!.mint({ claims: { jti: 'fleet-jti' } });
    expect((await one.verifier.verify(fromA)).payload.iss).toBe(a!.issuer);
    const { payload } = await two.verifier.verify(fromB);

    await two.denyList.revoke(payload.jti!, payload.exp!, payload.iss!);
    for (const { verifier } of [one, two]) {
      expect(await codeOf(verifier.verify(fromB))).toBe('ERR_TOKEN_REVOKED');
      expect((await verifier.verify(fromA)).payload.iss).toBe(a!.issuer);
    }

    await one.denyList.revoke('fleet-jti', payload.exp!, a!.issuer);
    expect(await codeOf(two.verifier.verify(fromA))).toBe('ERR_TOKEN_REVOKED');
  });

  it('keeps each revocation under prefix, revoked:, the URI-encoded issuer and the jti, until exp', async () => {
    const [, b] = issuers;
    const { denyList } = instance();
    const exp = Math.floor(Date.now() / 1000) + 120;
    await denyList.revoke('layout:1', exp, b!.issuer);

    const raw = createClient({ url: server.url });
    raw.on('error', () => {});
    await raw.connect();
    try {
      const key = `jwt-guard:revoked:${encodeURIComponent(b!.issuer)}:layout:1`;
      expect(await raw.keys('jwt-guard:revoked:*layout*')).toEqual([key]);
      expect(await raw.get(key)).toBe('1');
      const ttl = await raw.pTTL(key);
      expect(ttl).toBeGreaterThan(110_000);
      expect(ttl).toBeLessThanOrEqual(120_000);
    } finally {
      raw.destroy();
    }
  });
});
