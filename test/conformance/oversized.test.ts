/**
 * A 1 MiB token on every Node adapter: refused before any parsing (Node's own header limit
 * answers 431), and the server keeps serving.
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { createTestIssuer } from '@jwt-guard/testing';
import { describe, expect, it } from 'vitest';
import type { AppConfig } from './app-config.js';
import { createExpressApp } from './apps/express-app.js';
import { createHonoApp } from './apps/hono-app.js';
import { createKoaApp } from './apps/koa-app.js';
import { send } from './send.js';

const ADAPTERS: Array<[string, (config: AppConfig) => RequestListener]> = [
  ['express', (config) => createExpressApp(config)],
  ['koa', (config) => createKoaApp(config).callback()],
  ['hono on node', (config) => getRequestListener(createHonoApp(config).fetch)],
];

describe.each(ADAPTERS)('%s: oversized input', (_name, listener) => {
  it('refuses a 1 MiB token in the header or the query and stays up', async () => {
    const issuer = await createTestIssuer();
    const server = createServer(
      listener({
        issuer: issuer.issuer,
        audience: issuer.audience,
        downIssuer: 'http://127.0.0.1:1',
      }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const huge = 'a'.repeat(1 << 20);
      const viaHeader = await send(base, {
        path: '/me',
        headers: [['authorization', `Bearer ${huge}`]],
      });
      expect(viaHeader.status).toBe(431);
      const viaQuery = await send(base, { path: `/me?access_token=${huge}` });
      expect(viaQuery.status).toBe(431);
      const token = await issuer.mint();
      const after = await send(base, {
        path: '/me',
        headers: [['authorization', `Bearer ${token}`]],
      });
      expect(after.status).toBe(200);
    } finally {
      server.closeAllConnections();
      server.close();
      await issuer.close();
    }
  });
});
