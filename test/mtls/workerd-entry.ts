/**
 * The mTLS Hono app as a Workers module for workerd: built on the first request from the
 * env bindings, then kept for the life of the isolate.
 */
import { createMtlsHonoApp } from './hono-app.js';

/** The bindings the test passes (plain-text vars). */
export interface Env {
  readonly ISSUER: string;
  readonly AUDIENCE: string;
}

let app: ReturnType<typeof createMtlsHonoApp> | undefined;

export default {
  fetch(request: Request, env: Env): Response | Promise<Response> {
    app ??= createMtlsHonoApp({
      issuer: env.ISSUER,
      audience: env.AUDIENCE,
      binding: { mtls: {} },
    });
    return app.fetch(request, env);
  },
};
