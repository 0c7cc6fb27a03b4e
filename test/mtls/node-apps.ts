/**
 * The mTLS app on each Node adapter (Express, Koa, Hono through @hono/node-server), served
 * over HTTP, or over HTTPS when given TLS options, on 127.0.0.1 and any free port.
 */
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import * as expressAdapter from '@jwt-guard/express';
import * as koaAdapter from '@jwt-guard/koa';
import express, { type ErrorRequestHandler } from 'express';
import Koa from 'koa';
import { createMtlsHonoApp, type MtlsAuthOptions } from './hono-app.js';
import { createObserver, type Observer } from './observer.js';

/** An app serving: its origin, what it observed, how to stop it. */
export interface RunningApp {
  /** `http://127.0.0.1:PORT` or `https://127.0.0.1:PORT`. */
  readonly base: string;
  readonly observer: Observer;
  stop(): Promise<void>;
}

/** One adapter: how to serve the app with given options, over TLS when `tls` is given. */
export interface NodeTarget {
  readonly name: string;
  start(options: MtlsAuthOptions, tls?: ServerOptions): Promise<RunningApp>;
}

type Listening = Pick<Server, 'listen' | 'address' | 'close' | 'closeAllConnections'>;

const nodeServer = (listener: RequestListener, tls: ServerOptions | undefined): Listening =>
  tls ? createHttpsServer(tls, listener) : createHttpServer(listener);

function expressListener(options: MtlsAuthOptions, observer: Observer): RequestListener {
  const app = express();
  app.get('/me', expressAdapter.jwtAuth(options), (req, res) => {
    observer.handled();
    res.json({ sub: req.auth?.payload.sub });
  });
  const observe: ErrorRequestHandler = (error, _req, _res, next) => {
    observer.refused(error);
    next(error);
  };
  app.use(observe, expressAdapter.jwtErrorHandler());
  return app;
}

function koaListener(options: MtlsAuthOptions, observer: Observer): RequestListener {
  const app = new Koa();
  app
    .use(async (_ctx, next) => {
      try {
        await next();
      } catch (error) {
        observer.refused(error);
        throw error;
      }
    })
    .use(koaAdapter.jwtAuth(options))
    .use((ctx) => {
      observer.handled();
      ctx.body = { sub: ctx.state.auth.payload.sub };
    });
  return app.callback();
}

async function serve(server: Listening, tls: ServerOptions | undefined, observer: Observer) {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    observer,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Express 5, Koa 3 and Hono on Node.
 *
 * @example
 * ```ts
 * for (const target of NODE_TARGETS) {
 *   const app = await target.start({ issuer, audience, binding: { mtls: {} } }, { cert, key, requestCert: true });
 *   await call(app.base, { token, ca: cert, certificate: client });
 *   await app.stop();
 * }
 * ```
 */
export const NODE_TARGETS: readonly NodeTarget[] = [
  {
    name: 'express',
    start(options, tls) {
      const observer = createObserver();
      return serve(nodeServer(expressListener(options, observer), tls), tls, observer);
    },
  },
  {
    name: 'koa',
    start(options, tls) {
      const observer = createObserver();
      return serve(nodeServer(koaListener(options, observer), tls), tls, observer);
    },
  },
  {
    name: 'hono on node',
    start(options, tls) {
      const observer = createObserver();
      // @hono/node-server's own HTTPS path: its createServer and serverOptions options.
      const server = createAdaptorServer({
        fetch: createMtlsHonoApp(options, observer).fetch,
        ...(tls ? { createServer: createHttpsServer, serverOptions: tls } : {}),
      });
      return serve(server as Listening, tls, observer);
    },
  },
];
