/**
 * The conformance app as a Workers module for workerd: built on the first request from the
 * env bindings, then kept for the life of the isolate, so its key cache serves every
 * request the isolate handles.
 */
import type { ExecutionContext } from 'hono';
import { createHonoApp } from '../conformance/apps/hono-app.js';
import { type ConfigVariable, readEdgeConfig } from './edge-config.js';

/** The bindings the test passes (plain-text vars). */
export type Env = Partial<Record<ConfigVariable, string>>;

let app: ReturnType<typeof createHonoApp> | undefined;

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
    app ??= createHonoApp(readEdgeConfig((name) => env[name]));
    return app.fetch(request, env, ctx);
  },
};
