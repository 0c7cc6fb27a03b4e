/** The pino demo: a local issuer and the example API on 127.0.0.1 (PORT, default 3000). */
import { listenOnLoopback, runDemo } from '@jwt-guard/example-kit';
import { createApp } from './app.js';
import { createLogger } from './logger.js';

await runDemo('Express + pino', (auth) =>
  listenOnLoopback(createApp(auth, createLogger()), Number(process.env.PORT ?? 3000)),
);
