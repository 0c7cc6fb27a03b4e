/**
 * A deny list on a Redis revocation feed, across three processes on a real redis-server: a
 * revocation made elsewhere is refused by every instance with no store read on the request
 * path, a revocation written while a subscription was down is picked up by the reload that
 * follows the reconnection, and a mirror that cannot vouch for being current fails closed,
 * then recovers by itself.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createDenyList, createVerifier, JwtGuardError } from '@jwt-guard/core';
import {
  createTestIssuer,
  type RedisServer,
  startRedisServer,
  type TestIssuer,
} from '@jwt-guard/testing';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisRevocationFeed } from '../src/index.js';

const INSTANCE = fileURLToPath(new URL('./fixtures/mirror-instance.mjs', import.meta.url));
const PREFIX = 'mirror-test:';
const ISS = 'https://id.example/';
const CEILING_MS = 10_000;
/**
 * A revocation reaches every instance by push, well inside the deny list's default staleness
 * bound (1 s): the mirror never re-reads the store while subscribed, so only the feed can
 * deliver it. How fast (the 100 ms target) is measured by the bench's deny phase, not here,
 * where a loaded machine would make a tighter bound flaky.
 */
const REACH_MS = 1_000;

let server: RedisServer;
let raw: ReturnType<typeof createClient>;
const children: ChildProcess[] = [];

beforeAll(async () => {
  server = await startRedisServer();
  raw = createClient({ url: server.url });
  raw.on('error', () => {});
  await raw.connect();
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  raw?.destroy();
  await server?.stop();
});

/** Waits for the first IPC message of `type` from `child`, failing past the ceiling. */
function next<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} in time`)), CEILING_MS);
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message as T);
    };
    child.on('message', onMessage);
  });
}

async function startInstances(count: number): Promise<ChildProcess[]> {
  const started = Array.from({ length: count }, () =>
    fork(INSTANCE, { env: { ...process.env, REDIS_URL: server.url, PREFIX }, stdio: 'inherit' }),
  );
  children.push(...started);
  await Promise.all(started.map((child) => next(child, 'ready')));
  return started;
}

/** Redis's own count of calls per command since the last CONFIG RESETSTAT. */
async function commandCalls(): Promise<Record<string, number>> {
  const info = await raw.info('commandstats');
  const calls: Record<string, number> = {};
  for (const match of info.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)) {
    calls[match[1]!] = Number(match[2]);
  }
  return calls;
}

describe('a deny list mirrored from a Redis revocation feed, three processes', () => {
  it('refuses a revocation made elsewhere on every instance, pushed within the staleness bound, with no store read', async () => {
    const instances = await startInstances(3);
    const feed = createRedisRevocationFeed({ url: server.url, prefix: PREFIX });
    const denyList = createDenyList({ feed });
    try {
      const payload = { iss: ISS, jti: 'pushed-1', exp: Math.floor(Date.now() / 1000) + 60 };
      for (const child of instances) child.send({ type: 'check', payload });
      const before = await Promise.all(
        instances.map((c) => next<{ revoked: boolean }>(c, 'checked')),
      );
      expect(before.map((answer) => answer.revoked)).toEqual([false, false, false]);
      // The writer's own mirror loads (SCAN) once subscribed: done before counting.
      expect(await denyList.isRevoked(payload)).toBe(false);

      await raw.configResetStat();
      const seen = instances.map((child) => next<{ at: number }>(child, 'seen'));
      for (const child of instances) child.send({ type: 'watch', payload });
      const start = performance.timeOrigin + performance.now();
      await denyList.revoke(payload.jti, payload.exp, payload.iss);
      // Each instance's first local refusal, on the machine's one clock.
      const delays = (await Promise.all(seen)).map(({ at }) => at - start);
      expect(delays).toHaveLength(3);
      for (const delay of delays) expect(delay).toBeLessThan(REACH_MS);

      // Only the revocation's script and the heartbeats reached Redis: no instance read a key.
      const calls = await commandCalls();
      for (const read of ['get', 'exists', 'scan', 'pttl', 'mget'])
        expect(calls[read], JSON.stringify(calls)).toBeUndefined();
      expect(calls.eval).toBe(1);
      expect(calls.publish).toBe(1);
    } finally {
      denyList.close();
      await feed.close();
    }
  });

  it('picks up what was written while a subscription was down, by reloading after it', async () => {
    const [instance] = await startInstances(1);
    const payload = {
      iss: ISS,
      jti: 'written-during-gap',
      exp: Math.floor(Date.now() / 1000) + 60,
    };
    // Written as a store-backed deny list does it: a key, no message.
    const key = `${PREFIX}revoked:${encodeURIComponent(ISS)}:${payload.jti}`;
    await raw.set(key, '1', { expiration: { type: 'PX', value: 60_000 } });
    instance!.send({ type: 'check', payload });
    expect((await next<{ revoked: boolean }>(instance!, 'checked')).revoked).toBe(false);

    const seen = next<{ at: number }>(instance!, 'seen');
    instance!.send({ type: 'watch', payload });
    await raw.clientKill({ filter: 'TYPE', type: 'pubsub' } as never);
    expect((await seen).at).toBeGreaterThan(0);
  });
});

describe('a mirror that cannot vouch for being current', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer({ algorithms: ['ES256'] });
  });
  afterAll(async () => {
    await issuer?.close();
  });

  async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
    return promise.then(
      () => undefined,
      (error: unknown) => (error instanceof JwtGuardError ? error.code : String(error)),
    );
  }

  async function eventually(check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + CEILING_MS;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('not reached within the ceiling');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('fails closed with 503 once Redis is gone past the bound, and recovers by itself', async () => {
    const own = await startRedisServer();
    const feed = createRedisRevocationFeed({
      url: own.url,
      prefix: PREFIX,
      heartbeatMs: 50,
      maxReconnectDelayMs: 100,
    });
    const denyList = createDenyList({ feed, maxStalenessMs: 300 });
    const verifier = createVerifier({
      issuer: issuer.issuer,
      audience: issuer.audience,
      isRevoked: denyList.isRevoked,
    });
    const token = await issuer.mint({ claims: { jti: 'outage-1' } });
    let restarted: RedisServer | undefined;
    try {
      expect((await verifier.verify(token)).payload.jti).toBe('outage-1');
      await own.stop();
      await eventually(
        async () => (await codeOf(verifier.verify(token))) === 'ERR_REVOCATION_UNAVAILABLE',
      );
      const refused = await verifier.verify(token).catch((error: JwtGuardError) => error);
      expect((refused as JwtGuardError).status).toBe(503);

      restarted = await startRedisServer(own.port);
      await eventually(async () => (await codeOf(verifier.verify(token))) === undefined);
      const { payload } = await verifier.verify(token);
      await denyList.revoke(payload.jti!, payload.exp!, payload.iss!);
      expect(await codeOf(verifier.verify(token))).toBe('ERR_TOKEN_REVOKED');
    } finally {
      denyList.close();
      await feed.close();
      await restarted?.stop();
    }
  });
});
