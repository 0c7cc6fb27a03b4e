/**
 * Runs an app server as a child process: waits for its `listening on http://127.0.0.1:PORT`
 * line, and stops it by closing its stdin, then kills its whole process group, so a
 * grandchild (workerd under miniflare) cannot outlive it. Children still running when this
 * process exits are killed too; a child whose parent dies sees its stdin close and exits.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

/** A running child server. */
export interface ChildServer {
  /** Its origin, `http://127.0.0.1:PORT`. */
  readonly base: string;
  /** Stops it and everything it started; resolves once the process has exited. */
  stop(): Promise<void>;
}

/** Options of {@link startChildServer}. */
export interface ChildServerOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** How long to wait for the ready line, in milliseconds. Default 20000. */
  readonly readyTimeoutMs?: number;
}

type Child = ChildProcessByStdio<Writable, Readable, Readable>;

const READY = /^listening on (http:\/\/127\.0\.0\.1:\d+)\/?$/m;
const GRACE_MS = 3000;
const OUTPUT_KEPT = 16_384;
// Process groups are POSIX; on Windows only the child itself can be signalled.
const GROUPS = process.platform !== 'win32';
const running = new Set<Child>();

const kill = (child: Child) => {
  try {
    if (child.pid !== undefined) process.kill(GROUPS ? -child.pid : child.pid, 'SIGKILL');
  } catch {}
};

process.on('exit', () => {
  for (const child of running) kill(child);
});

async function stopChild(child: Child): Promise<void> {
  // Without a pid the spawn itself failed: there is nothing to wait for.
  if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin.end();
    const timer = setTimeout(() => kill(child), GRACE_MS);
    await exited;
    clearTimeout(timer);
  }
  kill(child);
  running.delete(child);
}

/**
 * Spawns `command` and resolves once it serves; on failure the child is stopped and the
 * error carries its output.
 *
 * @example
 * ```ts
 * const server = await startChildServer(bunBinary(), ['app.js'], { cwd, env: process.env });
 * await fetch(`${server.base}/public`);
 * await server.stop();
 * ```
 */
export async function startChildServer(
  command: string,
  args: readonly string[],
  options: ChildServerOptions,
): Promise<ChildServer> {
  const child: Child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: GROUPS,
  });
  running.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEPT);
  };
  // Both pipes are drained for the child's whole life, so it never blocks writing to them.
  child.stderr.on('data', keep);
  try {
    const base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ready line within ${options.readyTimeoutMs ?? 20_000} ms`)),
        options.readyTimeoutMs ?? 20_000,
      );
      child.stdout.on('data', (chunk: Buffer) => {
        keep(chunk);
        const ready = READY.exec(output);
        if (ready) {
          clearTimeout(timer);
          resolve(ready[1]!);
        }
      });
      child.once('error', reject);
      child.once('exit', (code, signal) =>
        reject(new Error(`exited (${code ?? signal}) before serving`)),
      );
    });
    return { base, stop: () => stopChild(child) };
  } catch (error) {
    await stopChild(child);
    throw new Error(`${command} ${args.join(' ')}: ${(error as Error).message}\n${output}`, {
      cause: error,
    });
  }
}
