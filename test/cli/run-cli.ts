/** Runs the built `jwt-guard` executable as a process, as a user or a script would. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built bin; `pnpm test` builds every package first. */
export const BIN = fileURLToPath(new URL('../../packages/cli/dist/main.js', import.meta.url));

/** What one run printed, and its exit code. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `jwt-guard ...args`, writing `stdin` to it when given. Asynchronous on purpose: the
 * test issuer serves from this process, so a blocking spawn would starve it.
 *
 * @example
 * ```ts
 * const { code, stdout } = await runCli(['inspect', token]);
 * ```
 */
export function runCli(args: readonly string[], stdin?: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}
