/** The Node targets of the table: each framework major the adapters support, on a real server. */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import express4 from 'express4';
import koa2 from 'koa2';
import type { AppConfig } from './app-config.js';
import { createExpressApp } from './apps/express-app.js';
import { createHonoApp } from './apps/hono-app.js';
import { createKoaApp } from './apps/koa-app.js';

/** A named way to build a Node request listener from an app config. */
export type NodeTarget = readonly [name: string, listener: (config: AppConfig) => RequestListener];

/** Express 5, Koa 3 and Hono on Node. */
export const CURRENT_MAJORS: readonly NodeTarget[] = [
  ['express', (config) => createExpressApp(config)],
  ['koa', (config) => createKoaApp(config).callback()],
  ['hono on node', (config) => getRequestListener(createHonoApp(config).fetch)],
];

/** Express 4 and Koa 2: the oldest majors in the adapters' peer ranges. */
export const PREVIOUS_MAJORS: readonly NodeTarget[] = [
  ['express 4', (config) => createExpressApp(config, express4)],
  ['koa 2', (config) => createKoaApp(config, koa2).callback()],
];

/**
 * Serves `listener` on 127.0.0.1 and any free port.
 *
 * @example
 * ```ts
 * const { base, stop } = await listen(createExpressApp(config));
 * ```
 */
export async function listen(listener: RequestListener) {
  const server: Server = createServer(listener);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
