/** The Koa demo: a local issuer and the example API on 127.0.0.1 (PORT, default 3001). */
import { listenOnLoopback, runDemo } from '@jwt-guard/example-kit';
import { createApp } from './app.js';

await runDemo('Koa', (auth) =>
  listenOnLoopback(createApp(auth).callback(), Number(process.env.PORT ?? 3001)),
);
