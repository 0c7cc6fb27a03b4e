/**
 * Child-process entry: builds one server variant, listens on 127.0.0.1 on a free port,
 * reports `{ port }` (or `{ error }`) to the parent, answers each later message with the
 * CPU seconds it has used so far, and exits when the parent lets go.
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expressApp } from './apps/express.js';
import { fastifyApp } from './apps/fastify.js';
import { honoApp } from './apps/hono.js';
import { koaApp } from './apps/koa.js';
import { nestExpressApp } from './apps/nest-express.js';
import type { Framework, IssuerTarget, ServerVariant } from './variants.js';

const builders: Record<
  Framework,
  (auth: string, target: IssuerTarget) => Promise<RequestListener>
> = { express: expressApp, koa: koaApp, hono: honoApp, fastify: fastifyApp, nest: nestExpressApp };

const send = (message: unknown) => process.send?.(message);
process.on('disconnect', () => process.exit(0));
process.on('message', () => {
  const { user, system } = process.cpuUsage();
  send({ cpuSeconds: (user + system) / 1e6 });
});

try {
  const { variant, target } = JSON.parse(process.argv[2] ?? '') as {
    variant: ServerVariant;
    target: IssuerTarget;
  };
  const server = createServer(await builders[variant.framework](variant.auth, target));
  server.listen(0, '127.0.0.1', () => send({ port: (server.address() as AddressInfo).port }));
} catch (error) {
  send({ error: error instanceof Error ? error.message : String(error) });
}
