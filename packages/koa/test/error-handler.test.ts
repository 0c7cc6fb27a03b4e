/** Koa's `jwtErrorHandler()`: refusals answered in the chain, so Koa logs no stack for a 503. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import Koa from 'koa';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { jwtAuth, jwtErrorHandler } from '../src/index.js';

let issuer: TestIssuer;
const servers: Server[] = [];
beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['ES256'] });
});
afterAll(() => issuer.close());
afterEach(async () => {
  vi.restoreAllMocks();
  issuer.setOutage(false);
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function serve(withHandler: boolean): Promise<string> {
  const app = new Koa();
  if (withHandler) app.use(jwtErrorHandler());
  app.use(jwtAuth({ issuer: issuer.issuer, audience: issuer.audience }));
  app.use((ctx) => {
    ctx.body = 'ok';
  });
  const server = createServer(app.callback()).listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

describe('jwtErrorHandler (Koa)', () => {
  it("answers a 503 as Koa would, without Koa's stack trace on stderr", async () => {
    issuer.setOutage(true);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const token = await issuer.mint();
    // Without it: Koa's default onerror logs the stack of every 5xx (expose is false).
    const bare = await fetch(await serve(false), { headers: { authorization: `Bearer ${token}` } });
    expect(bare.status).toBe(503);
    expect(logged).toHaveBeenCalled();
    logged.mockClear();

    const answer = await fetch(await serve(true), {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(answer.headers.get('www-authenticate')).toBeNull();
    expect(await answer.text()).toBe('Service Unavailable');
    expect(logged).not.toHaveBeenCalled();
  });

  it('answers a 401 with its challenge and text, and lets other errors through to Koa', async () => {
    const base = await serve(true);
    const refused = await fetch(base);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    expect(refused.headers.get('content-type')).toBe('text/plain; charset=utf-8');

    const app = new Koa();
    app.silent = true;
    app.use(jwtErrorHandler());
    app.use(() => {
      throw new Error('not ours');
    });
    const server = createServer(app.callback()).listen(0, '127.0.0.1');
    servers.push(server);
    await new Promise((resolve) => server.once('listening', resolve));
    const other = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    expect(other.status).toBe(500);
  });
});
