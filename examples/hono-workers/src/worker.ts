/**
 * The example API as a Cloudflare Worker: the Hono app of examples/hono-node, with the
 * issuer and audience taken from the Worker's bindings.
 */
// The same Hono app as examples/hono-node: nothing in it is specific to a runtime.
import { createApp } from '@jwt-guard/example-hono-node/app';
import type { ExecutionContext } from 'hono';

/** The Worker's bindings: plain-text vars (`vars` in the wrangler config). */
export interface Env {
  /** The issuer identifier, e.g. `https://id.example.com/`. */
  readonly ISSUER: string;
  /** This API's identifier, the `aud` its tokens carry. */
  readonly AUDIENCE: string;
}

// One app per isolate, built on the first request (bindings arrive with requests), so its
// key cache serves every later request the isolate handles. An app or a jwtAuth made per
// request would fetch the issuer's metadata and keys on every request.
let app: ReturnType<typeof createApp> | undefined;

/**
 * The Worker (a module Worker's default export).
 *
 * @example
 * ```ts
 * // wrangler.jsonc: { "main": "src/worker.ts", "compatibility_date": "2026-07-01",
 * //   "vars": { "ISSUER": "https://id.example.com/", "AUDIENCE": "https://api.example.com" } }
 * ```
 */
export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
    app ??= createApp({ issuer: env.ISSUER, audience: env.AUDIENCE });
    return app.fetch(request, env, ctx);
  },
};
