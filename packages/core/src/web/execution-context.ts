/**
 * The background-work context a fetch-style runtime lends a request: Workers pass each one a
 * `waitUntil`, so a key refresh started by a request outlives its response.
 */
import type { RequestContext } from '../request-context.js';

/** What a runtime lends a request for background work: Workers' `ExecutionContext` fits. */
export type ExecutionContextLike = Required<Pick<RequestContext, 'waitUntil'>>;

/**
 * Creates the reader of a request's background-work context over a framework's getter.
 * Where the runtime lends none, the getter throws (Hono's `c.executionCtx` off Workers), and
 * a throw per request is costly (an Error with its stack): after the first miss, it stops
 * asking.
 *
 * @example
 * ```ts
 * const contextOf = createContextReader((c: Context) => c.executionCtx);
 * contextOf(c)?.waitUntil?.(refresh);
 * ```
 */
export function createContextReader<Request>(
  executionContextOf: (request: Request) => ExecutionContextLike,
): (request: Request) => RequestContext | undefined {
  let available = true;
  return (request) => {
    if (!available) return undefined;
    try {
      const context = executionContextOf(request);
      return { waitUntil: (promise) => context.waitUntil(promise) };
    } catch {
      available = false;
      return undefined;
    }
  };
}
