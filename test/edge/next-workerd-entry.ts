/**
 * The Next.js conformance route handlers as a Workers module for workerd, the engine of
 * the Edge runtime: built on the first request from the env bindings, then kept for the
 * life of the isolate, as a route module's `jwtAuth` is.
 */
import { createNextApp } from '../conformance/apps/next-app.js';
import { type ConfigVariable, readEdgeConfig } from './edge-config.js';

/** The bindings the test passes (plain-text vars). */
export type Env = Partial<Record<ConfigVariable, string>>;

let app: ReturnType<typeof createNextApp> | undefined;

export default {
  fetch(request: Request, env: Env): Promise<Response> {
    app ??= createNextApp(readEdgeConfig((name) => env[name]));
    return app(request);
  },
};
