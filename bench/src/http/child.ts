/**
 * The bench's child processes (one server, one load generator): forked with this
 * process's Node flags, so the TypeScript loader comes along, talking over IPC, each
 * optionally held to one CPU core.
 */
import { fork, spawnSync } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';

/** A child process that answers one message with one message. */
export interface Child {
  /** The first message the child sent (it says it is ready, or why not). */
  readonly ready: Promise<unknown>;
  /** Sends `message` and resolves with the child's next message. */
  ask<T>(message: unknown): Promise<T>;
  /** Stops the process (by its pid) and waits for it to exit. */
  close(): Promise<void>;
}

/**
 * Forks `entry` with `args`; when `core` is given, holds it (all its threads) to that core.
 *
 * @example
 * ```ts
 * const child = forkChild(entry, [JSON.stringify(spec)], 0);
 * await child.ready;
 * ```
 */
export function forkChild(entry: string, args: readonly string[], core?: number): Child {
  const child = fork(entry, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  if (core !== undefined && child.pid !== undefined) pinToCore(child.pid, core);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const next = () =>
    new Promise<unknown>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`child exited with ${code}`));
      child.once('exit', onExit);
      child.once('message', (message) => {
        child.off('exit', onExit);
        resolve(message);
      });
    });
  return {
    ready: next(),
    ask: <T>(message: unknown) =>
      new Promise<T>((resolve, reject) => {
        (next() as Promise<T>).then(resolve, reject);
        child.send(message as object, (error) => error && reject(error));
      }),
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * The cores to hold the server and the load generator to, `[server, client]`, when this
 * machine has two or more and `taskset` (util-linux) is here; otherwise `undefined`.
 *
 * @example
 * ```ts
 * const cores = pinningCores(); // [0, 1] on Linux with taskset
 * ```
 */
export function pinningCores(): readonly [number, number] | undefined {
  if (availableParallelism() < 2) return undefined;
  const probe = spawnSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
  return probe.status === 0 ? [0, 1] : undefined;
}

/**
 * Holds every thread of process `pid` to `core` (or, without `core`, lets it run anywhere
 * again); returns whether `taskset` agreed.
 *
 * @example
 * ```ts
 * pinToCore(process.pid, 1);
 * ```
 */
export function pinToCore(pid: number, core?: number): boolean {
  const list = core === undefined ? `0-${cpus().length - 1}` : String(core);
  return (
    spawnSync('taskset', ['-a', '-p', '-c', list, String(pid)], { stdio: 'ignore' }).status === 0
  );
}
