/**
 * A real redis-server for tests (ours, the examples', yours), started as a child process on
 * a free loopback port with persistence off. A missing binary is an error, so a test that
 * needs Redis fails instead of skipping. Install it with your system's packages
 * (`apt-get install redis-server`, `brew install redis`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

/**
 * `redis-server` on PATH, else /usr/bin/redis-server; throws when neither exists.
 *
 * @example
 * ```ts
 * spawn(findRedisServer(), ['--port', '6390']);
 * ```
 */
export function findRedisServer(): string {
  const candidates = [
    ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'redis-server')),
    '/usr/bin/redis-server',
  ];
  const found = candidates.find((path) => path !== 'redis-server' && existsSync(path));
  if (found === undefined) {
    throw new Error(
      'redis-server not found on PATH or at /usr/bin: pnpm test installs it as root, else run sudo apt-get install -y redis-server',
    );
  }
  return found;
}

/**
 * A port nothing listens on right now.
 *
 * @example
 * ```ts
 * const port = await freePort();
 * ```
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A running redis-server. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /**
   * Kills the server and waits for its exit. SIGKILL: an outage rather than a shutdown, and
   * the one signal a test runner's worker cannot leave blocked for its children (SIGTERM
   * stayed pending under vitest's workers). With persistence off, nothing is lost.
   */
  stop(): Promise<void>;
}

/**
 * Starts redis-server on `port` (a free one by default) and resolves once it accepts
 * connections.
 *
 * @example
 * ```ts
 * const redis = await startRedisServer();
 * const store = createRedisStore({ url: redis.url });
 * await redis.stop();
 * ```
 */
export async function startRedisServer(port?: number): Promise<RedisServer> {
  const chosen = port ?? (await freePort());
  const child = spawn(
    findRedisServer(),
    ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await whenReady(child);
  return {
    port: chosen,
    url: `redis://127.0.0.1:${chosen}`,
    stop: () => stop(child),
  };
}

function whenReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => fail(new Error(`redis-server did not start:\n${output}`)),
      10_000,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`redis-server exited (${code}):\n${output}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve();
      }
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
