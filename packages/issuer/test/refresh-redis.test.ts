/**
 * Refresh on a real redis-server (started by the test): two processes refreshing the same
 * token at once never mint two independent successors, and a normal refresh costs at most
 * 2 store round trips (read, then one compare-and-set script), counted by Redis MONITOR.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type AtomicSharedStore, assertAtomicStore } from '@jwt-guard/core/store';
import { createRedisStore, type RedisStore } from '@jwt-guard/redis';
import { type RedisServer, startRedisServer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenIssuer, type TokenIssuer } from '../src/index.js';
import { sha256 } from '../src/refresh-token.js';
import { ISSUER, SECRET } from './helpers.js';

// The package's own directory, where tsx (a dev dependency) resolves.
const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

let redis: RedisServer;
let store: RedisStore;
let tokens: TokenIssuer;

beforeAll(async () => {
  redis = await startRedisServer();
  store = createRedisStore({ url: redis.url });
  tokens = createTokenIssuer({
    issuer: ISSUER,
    audience: ISSUER,
    store,
    keys: { encryptionSecret: SECRET, schedule: false },
  });
}, 30_000);
afterAll(async () => {
  tokens?.close();
  await store?.close();
  await redis?.stop();
});

/** Redis MONITOR on its own connection: every command Redis runs, as one line each. */
async function startMonitor() {
  const { hostname, port } = new URL(redis.url);
  const socket = connect(Number(port), hostname);
  socket.setEncoding('utf8');
  let text = '';
  socket.on('data', (chunk: string) => {
    text += chunk;
  });
  socket.write('MONITOR\r\n');
  while (!text.startsWith('+OK\r\n')) await new Promise((resolve) => setTimeout(resolve, 10));
  return {
    async stop() {
      await new Promise((resolve) => setTimeout(resolve, 100));
      socket.destroy();
      return text
        .split('\r\n')
        .slice(1)
        .filter((line) => line !== '');
    },
  };
}

/** A worker process with its output read line by line. */
function startWorker() {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', `${FIXTURES}refresh-worker.ts`],
    {
      cwd: PACKAGE,
      env: {
        ...process.env,
        REDIS_URL: redis.url,
        SECRET,
        TSX_TSCONFIG_PATH: `${FIXTURES}tsconfig.json`,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  let buffer = '';
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    lines.push(...parts);
    for (const wake of waiters.splice(0)) wake();
  });
  const next = async (): Promise<string> => {
    const deadline = Date.now() + 30_000;
    while (lines.length === 0) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`worker: ${errors}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
    return lines.shift()!;
  };
  return { child, next, send: (line: string) => child.stdin!.write(`${line}\n`) };
}

describe('refresh on a real Redis', () => {
  it('two processes refreshing one token at once never mint two independent successors', async () => {
    const workers = [startWorker(), startWorker()];
    try {
      expect(await Promise.all(workers.map((w) => w.next()))).toEqual(['ready', 'ready']);
      for (let round = 0; round < 8; round += 1) {
        const { refreshToken } = await tokens.issue({ sub: `user-${round}` });
        for (const worker of workers) worker.send(refreshToken);
        const answers = (await Promise.all(workers.map((w) => w.next()))).flatMap(
          (line) => JSON.parse(line) as Array<{ successor?: string; code?: string }>,
        );
        const successors = new Set(answers.map((answer) => answer.successor));
        // All four concurrent calls got the one successor: the losers read the winner's.
        expect(successors.size).toBe(1);
        const [successor] = successors;
        expect(successor).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(successor).not.toBe(await sha256(refreshToken));
      }
    } finally {
      for (const worker of workers) worker.child.kill();
    }
  }, 60_000);

  it('takes at most 2 store round trips for a normal refresh', async () => {
    // Every call of the Redis store is one command (compareAndSet is one EVAL), counted
    // here and by Redis itself: MONITOR lists each client command once, and the commands a
    // script runs inside Redis marked `lua`, which are no round trip.
    const counted = { calls: 0 };
    const count = <T>(call: () => T): T => {
      counted.calls += 1;
      return call();
    };
    const atomic = assertAtomicStore(store, 'store');
    const countingStore: AtomicSharedStore = {
      get: (key) => count(() => atomic.get(key)),
      set: (key, value, ttl) => count(() => atomic.set(key, value, ttl)),
      setIfAbsent: (key, value, ttl) => count(() => atomic.setIfAbsent(key, value, ttl)),
      compareAndSet: (key, e, n, ttl) => count(() => atomic.compareAndSet(key, e, n, ttl)),
      delete: (key) => count(() => atomic.delete(key)),
    };
    const counting = createTokenIssuer({
      issuer: ISSUER,
      audience: ISSUER,
      store: countingStore,
      keys: { encryptionSecret: SECRET, schedule: false },
    });
    const { refreshToken } = await counting.issue({ sub: 'alice' }); // Loads the ring first.
    const monitor = await startMonitor();
    counted.calls = 0;
    await counting.refresh(refreshToken);
    const commands = await monitor.stop();
    counting.close();
    expect(counted.calls).toBe(2);
    const fromClients = commands.filter((line) => !/^\+[\d.]+ \[\d+ lua\]/.test(line));
    expect(fromClients.map((line) => /"(\w+)"/.exec(line)?.[1]?.toLowerCase())).toEqual([
      'get',
      'eval',
    ]);
  });
});
