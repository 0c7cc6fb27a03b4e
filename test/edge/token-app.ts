/**
 * The token-endpoint conformance app for the edge runtimes: built on the first request, with
 * that request's origin as the issuer (a runtime that picks its own port cannot be told it
 * beforehand), then kept for the life of the process or isolate.
 */
import { createHonoTokenApp } from '../conformance/apps/token-hono-app.js';

/**
 * A `fetch` that serves the app.
 *
 * @example
 * ```ts
 * Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: createTokenAppFetch() });
 * ```
 */
export function createTokenAppFetch(): (request: Request) => Response | Promise<Response> {
  let app: ReturnType<typeof createHonoTokenApp> | undefined;
  return (request) => {
    app ??= createHonoTokenApp(new URL(request.url).origin);
    return app.fetch(request);
  };
}
