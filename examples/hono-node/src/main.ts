/** The Hono-on-Node demo: a local issuer and the example API on 127.0.0.1 (PORT, default 3002). */
import { getRequestListener } from '@hono/node-server';
import { listenOnLoopback, runDemo } from '@jwt-guard/example-kit';
import { createApp } from './app.js';

await runDemo('Hono (Node)', (auth) =>
  listenOnLoopback(getRequestListener(createApp(auth).fetch), Number(process.env.PORT ?? 3002)),
);
