/**
 * Starts one server variant in its own Node process, so the server and the load generator
 * each have a core of the two.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { IssuerTarget, ServerVariant } from './variants.js';

/** A running server process. */
export interface RunningServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Stops the process (by its pid) and waits for it to exit. */
  close(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('./server-main.ts', import.meta.url));
const START_TIMEOUT_MS = 30_000;
const RETRY_AFTER_MS = 3000;

/**
 * Forks `server-main.ts` (same Node flags, so the TypeScript loader comes along); tries a
 * second time if the first start fails.
 *
 * @example
 * ```ts
 * const server = await spawnServer(variant, target);
 * await server.close();
 * ```
 */
export async function spawnServer(
  variant: ServerVariant,
  target: IssuerTarget,
): Promise<RunningServer> {
  try {
    return await spawnOnce(variant, target);
  } catch {
    // Once more after a pause: a package rebuilt meanwhile (tsdown cleans dist first)
    // makes an import fail for a moment.
    await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS));
    return spawnOnce(variant, target);
  }
}

function spawnOnce(variant: ServerVariant, target: IssuerTarget): Promise<RunningServer> {
  const child = fork(ENTRY, [JSON.stringify({ variant, target })], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void close();
      reject(new Error(`${variant.id} did not start in ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS);
    child.once('message', (message: { port?: number; error?: string }) => {
      clearTimeout(timer);
      if (message.port) resolve({ url: `http://127.0.0.1:${message.port}`, close });
      else {
        void close();
        reject(new Error(message.error ?? `${variant.id} failed to start`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${variant.id} exited with ${code} before listening`));
    });
  });
}
