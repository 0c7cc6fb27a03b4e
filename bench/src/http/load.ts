/**
 * The load generator of phase 2: autocannon in a process of its own (held to the client's
 * core when the bench pins), so the server's process does not share its core with the
 * client's work; and the old client, autocannon in this process, kept for comparison.
 */
import { fileURLToPath } from 'node:url';
import { type LoadResult, type LoadSpec, runAutocannon } from './autocannon-run.js';
import { forkChild } from './child.js';

/** Runs load, one run at a time. */
export interface LoadClient {
  run(spec: LoadSpec): Promise<LoadResult>;
  close(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('./load-main.ts', import.meta.url));

/**
 * Starts the load child (on `core` when given) and waits until it is ready.
 *
 * @example
 * ```ts
 * const client = await startLoadClient(1);
 * const { rps } = await client.run({ url, tokens, connections: 10, requests: 'static', seconds: 3 });
 * await client.close();
 * ```
 */
export async function startLoadClient(core?: number): Promise<LoadClient> {
  const child = forkChild(ENTRY, [], core);
  await child.ready;
  return {
    run: async (spec) => {
      const reply = await child.ask<LoadResult & { error?: string }>(spec);
      if (reply.error !== undefined) throw new Error(`load generator: ${reply.error}`);
      return reply;
    },
    close: child.close,
  };
}

/**
 * The client the bench had before: autocannon in this process. Only the comparison that
 * shows the server is now the bottleneck uses it.
 *
 * @example
 * ```ts
 * const old = inProcessLoadClient();
 * ```
 */
export function inProcessLoadClient(): LoadClient {
  return { run: runAutocannon, close: async () => {} };
}
