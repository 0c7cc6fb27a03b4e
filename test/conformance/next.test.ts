/**
 * The table against Next.js route handlers (`@jwt-guard/next`) on Node: the handlers a
 * route file exports, served on a real server on 127.0.0.1 through a fetch→node bridge
 * (`@hono/node-server`'s request listener, which builds the Web `Request` as Next's Node
 * server does). The Edge runtime's run is in `test/edge/next-edge.test.ts`.
 */
import { getRequestListener } from '@hono/node-server';
import { createNextApp } from './apps/next-app.js';
import { describeConformance } from './fixture.js';
import { listen } from './node-targets.js';

describeConformance('next on node', async (config) =>
  listen(getRequestListener(createNextApp(config))),
);
