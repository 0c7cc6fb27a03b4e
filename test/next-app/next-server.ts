/**
 * Builds and serves a Next.js app for a test: `next build`, then `next start` (or `next
 * dev`) on 127.0.0.1 and a free port, telemetry off, stopped with its whole process group.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { freePort } from '@jwt-guard/testing';

const NEXT_BIN = createRequire(import.meta.url).resolve('next/dist/bin/next');
const OUTPUT_KEPT = 16_384;

/** A running `next start`. */
export interface NextServer {
  readonly base: string;
  stop(): Promise<void>;
}

function run(dir: string, args: readonly string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [NEXT_BIN, ...args], {
    cwd: dir,
    env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
}

// Resolves with the output once `done` matches it, or once the child exits with 0 when
// `done` is absent; rejects with the output otherwise.
function watch(child: ChildProcess, done?: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEPT);
      if (done?.test(output)) resolve(output);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 && done === undefined
        ? resolve(output)
        : reject(new Error(`next exited (${code}):\n${output}`)),
    );
  });
}

const stopGroup = async (child: ChildProcess) => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {}
  await exited;
};

/**
 * Runs `next build` in `dir` with `env`; resolves with how long it took, in milliseconds.
 *
 * @example
 * ```ts
 * const ms = await nextBuild(fixtureDir, { JWT_ISSUER: issuer.issuer });
 * ```
 */
export async function nextBuild(dir: string, env: Record<string, string>): Promise<number> {
  const started = performance.now();
  const child = run(dir, ['build'], env);
  try {
    await watch(child);
  } finally {
    await stopGroup(child);
  }
  return performance.now() - started;
}

/**
 * Serves the app in `dir` on 127.0.0.1 and a free port: built, with `next start`, or from
 * its sources with `next dev`.
 *
 * @example
 * ```ts
 * const server = await nextServe(fixtureDir, env);
 * await fetch(`${server.base}/api/messages`);
 * await server.stop();
 * ```
 */
export async function nextServe(
  dir: string,
  env: Record<string, string>,
  command: 'start' | 'dev' = 'start',
): Promise<NextServer> {
  const port = await freePort();
  const child = run(dir, [command, '--hostname', '127.0.0.1', '--port', String(port)], env);
  try {
    await watch(child, /Ready in/);
  } catch (error) {
    await stopGroup(child);
    throw error;
  }
  return { base: `http://127.0.0.1:${port}`, stop: () => stopGroup(child) };
}
