/**
 * Starts one server variant in its own Node process, held to the server's core when the
 * bench pins, so that it and the load generator each have a core of the two.
 */
import { fileURLToPath } from 'node:url';
import { forkChild } from './child.js';
import type { IssuerTarget, ServerVariant } from './variants.js';

/** A running server process. */
export interface RunningServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** CPU seconds (user + system) the server process has used so far. */
  cpuSeconds(): Promise<number>;
  /** Stops the process (by its pid) and waits for it to exit. */
  close(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('./server-main.ts', import.meta.url));
const START_TIMEOUT_MS = 30_000;
const RETRY_AFTER_MS = 3000;

/**
 * Forks `server-main.ts` (on `core` when given); tries a second time if the first start fails.
 *
 * @example
 * ```ts
 * const server = await spawnServer(variant, target, 0);
 * await server.close();
 * ```
 */
export async function spawnServer(
  variant: ServerVariant,
  target: IssuerTarget,
  core?: number,
): Promise<RunningServer> {
  try {
    return await spawnOnce(variant, target, core);
  } catch {
    // Once more after a pause: a package rebuilt meanwhile (tsdown cleans dist first)
    // makes an import fail for a moment.
    await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS));
    return spawnOnce(variant, target, core);
  }
}

async function spawnOnce(
  variant: ServerVariant,
  target: IssuerTarget,
  core: number | undefined,
): Promise<RunningServer> {
  const child = forkChild(ENTRY, [JSON.stringify({ variant, target })], core);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${variant.id} did not start in ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
  });
  try {
    const ready = (await Promise.race([child.ready, timeout])) as { port?: number; error?: string };
    if (!ready.port) throw new Error(ready.error ?? `${variant.id} failed to start`);
    return {
      url: `http://127.0.0.1:${ready.port}`,
      cpuSeconds: async () => (await child.ask<{ cpuSeconds: number }>('cpu')).cpuSeconds,
      close: child.close,
    };
  } catch (error) {
    await child.close();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
