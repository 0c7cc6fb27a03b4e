/**
 * One server of the HTTP phase under one kind of traffic, profiled: the server's process runs with
 * `--cpu-prof`, is warmed up, flooded, and let go over IPC so that Node writes the profile
 * as it exits (a killed process writes none).
 */
import { fork } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAutocannon } from '../http/autocannon-run.js';
import type { Framework, IssuerTarget } from '../http/variants.js';

const SERVER = fileURLToPath(new URL('../http/server-main.ts', import.meta.url));
const WARM_UP_SECONDS = 2;

/** One profiled flood. */
export interface FloodSpec {
  readonly framework: Framework;
  /** The `auth` of the server variant (`ours`, `noop`, a peer's id). */
  readonly auth: string;
  readonly target: IssuerTarget;
  /**
   * The tokens the requests send, each connection cycling through them from the start (one
   * pre-built request per token); empty: no `Authorization`. The warm-up sends each once.
   */
  readonly tokens: readonly string[];
  /** Whether the answers are refusals (4xx) rather than 2xx. */
  readonly refused: boolean;
  readonly seconds: number;
  /** Where the profile is written (a directory of its own). */
  readonly directory: string;
}

/** The profile written, and the requests the server answered while measured. */
export interface FloodProfile {
  readonly file: string;
  readonly requests: number;
}

/**
 * Runs the flood and returns the server's profile.
 *
 * @example
 * ```ts
 * const { file, requests } = await profileFlood({ framework: 'koa', auth: 'ours', ... });
 * ```
 */
export async function profileFlood(spec: FloodSpec): Promise<FloodProfile> {
  const variant = {
    id: `${spec.framework}-${spec.auth}`,
    framework: spec.framework,
    auth: spec.auth,
  };
  const child = fork(
    SERVER,
    [JSON.stringify({ variant: { ...variant, label: variant.id }, target: spec.target })],
    {
      execArgv: [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${spec.directory}`],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const ready = (await new Promise((resolve) => child.once('message', resolve))) as {
      port?: number;
      error?: string;
    };
    if (!ready.port) throw new Error(ready.error ?? `${variant.id} failed to start`);
    const load = {
      url: `http://127.0.0.1:${ready.port}`,
      tokens: spec.tokens,
      connections: 10,
      expect: spec.refused ? ('refused' as const) : ('ok' as const),
    };
    // Every token of a pool once (the cache must hold them all before the measured run, as
    // in the bench), and at least WARM_UP_SECONDS of traffic for the JIT.
    if (spec.tokens.length > 1) {
      await runAutocannon({ ...load, requests: 'rotating', amount: spec.tokens.length });
    }
    await runAutocannon({ ...load, requests: 'static', seconds: WARM_UP_SECONDS });
    const measured = await runAutocannon({ ...load, requests: 'static', seconds: spec.seconds });
    if (measured.failures > 0)
      throw new Error(`${variant.id}: ${measured.failures} unexpected answers`);
    child.disconnect();
    await exited;
    return {
      file: await mainThreadProfile(spec.directory),
      requests: measured.rps * measured.seconds,
    };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  }
}

// The TypeScript loader's worker thread writes a profile of its own, a small one.
async function mainThreadProfile(directory: string): Promise<string> {
  const files = (await readdir(directory))
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => join(directory, name));
  const sized = await Promise.all(
    files.map(async (file) => ({ file, size: (await stat(file)).size })),
  );
  const largest = sized.sort((a, b) => b.size - a.size)[0];
  if (largest === undefined) throw new Error(`no profile in ${directory}`);
  return largest.file;
}
