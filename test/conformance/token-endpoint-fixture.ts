/**
 * Runs the token-endpoint rows against one framework: the app is built once its port is
 * known (its own origin is the issuer), on a real server on 127.0.0.1.
 */
import { createServer, type RequestListener, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import express4 from 'express4';
import koa2 from 'koa2';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createExpressTokenApp } from './apps/token-express-app.js';
import { createHonoTokenApp } from './apps/token-hono-app.js';
import { createKoaTokenApp } from './apps/token-koa-app.js';
import { TOKEN_ENDPOINT_SCENARIOS } from './token-endpoint-scenarios.js';
import type {
  TokenEndpointContext,
  TokenRequest,
  TokenResponse,
} from './token-endpoint-session.js';

/** A named way to build a Node request listener for an app served at `origin`. */
export type TokenTarget = readonly [name: string, build: (origin: string) => RequestListener];

/** Express 5, Koa 3 and Hono on Node. */
export const TOKEN_CURRENT_MAJORS: readonly TokenTarget[] = [
  ['express', (origin) => createExpressTokenApp(origin)],
  ['koa', (origin) => createKoaTokenApp(origin).callback()],
  ['hono on node', (origin) => getRequestListener(createHonoTokenApp(origin).fetch)],
];

/** Express 4 and Koa 2: the oldest majors in the adapters' peer ranges. */
export const TOKEN_PREVIOUS_MAJORS: readonly TokenTarget[] = [
  ['express 4', (origin) => createExpressTokenApp(origin, express4)],
  ['koa 2', (origin) => createKoaTokenApp(origin, koa2).callback()],
];

/**
 * Sends one request. Form and JSON bodies are encoded here; `chunked` sends the body without
 * a Content-Length and never ends it, so only a reader that counts what arrives can answer.
 */
export function sendTokenRequest(base: string, sent: TokenRequest): Promise<TokenResponse> {
  const body =
    sent.form !== undefined
      ? new URLSearchParams(sent.form).toString()
      : sent.json !== undefined
        ? JSON.stringify(sent.json)
        : sent.body;
  const type = sent.form !== undefined ? 'application/x-www-form-urlencoded' : 'application/json';
  return new Promise((resolve, reject) => {
    const req = request(new URL(sent.path, base), {
      method: sent.method ?? (body === undefined ? 'GET' : 'POST'),
      timeout: 15_000,
      agent: false,
      headers: {
        ...(body === undefined ? {} : { 'content-type': type }),
        ...(body === undefined || sent.chunked
          ? {}
          : { 'content-length': Buffer.byteLength(body) }),
        ...sent.headers,
      },
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => {
        const headers: Record<string, string | undefined> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (name !== 'set-cookie')
            headers[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        const setCookies = res.headers['set-cookie'] ?? [];
        resolve({ status: res.statusCode ?? 0, headers, setCookies, text });
        if (sent.chunked) req.destroy();
      });
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    if (body !== undefined && sent.chunked) {
      // Never ended: only a reader that counts what arrives can answer it.
      req.write(body);
    } else {
      req.end(body);
    }
  });
}

/** A running app: its origin (also its issuer) and how to stop it. */
export interface TokenTargetServer {
  readonly origin: string;
  stop(): Promise<void>;
}

/**
 * Serves the app `build` makes on 127.0.0.1 and any free port, built once the port, and so
 * its origin, is known.
 *
 * @example
 * ```ts
 * const { origin, stop } = await serveOnNode((origin) => createExpressTokenApp(origin));
 * ```
 */
export async function serveOnNode(
  build: (origin: string) => RequestListener,
): Promise<TokenTargetServer> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.on('request', build(origin));
  const stop = () =>
    new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    });
  return { origin, stop };
}

/**
 * Declares every token-endpoint row as one `describe` block for a target, started by `start`.
 *
 * @example
 * ```ts
 * describeTokenEndpoints('express', () => serveOnNode((origin) => createExpressTokenApp(origin)));
 * ```
 */
export function describeTokenEndpoints(
  name: string,
  start: () => Promise<TokenTargetServer>,
): void {
  describe(`token endpoints: ${name}`, () => {
    const target: { origin?: string; stop?: () => Promise<void> } = {};
    beforeAll(async () => Object.assign(target, await start()));
    afterAll(async () => target.stop?.());
    for (const scenario of TOKEN_ENDPOINT_SCENARIOS) {
      if (scenario.only && !scenario.only.includes(name)) continue;
      it(scenario.name, async () => {
        const origin = target.origin!;
        const context: TokenEndpointContext = {
          origin,
          send: (sent) => sendTokenRequest(origin, sent),
        };
        await scenario.run(context);
      });
    }
  });
}
