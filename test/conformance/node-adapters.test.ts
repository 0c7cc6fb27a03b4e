/** The table against Express, Koa and Hono on Node, each on a real server on 127.0.0.1. */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { createExpressApp } from './apps/express-app.js';
import { createHonoApp } from './apps/hono-app.js';
import { createKoaApp } from './apps/koa-app.js';
import { describeConformance } from './fixture.js';

async function listen(listener: RequestListener) {
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

describeConformance('express', async (config) => listen(createExpressApp(config)));
describeConformance('koa', async (config) => listen(createKoaApp(config).callback()));
describeConformance('hono on node', async (config) =>
  listen(getRequestListener(createHonoApp(config).fetch)),
);
