/** Hono's `wsAuth` before `upgradeWebSocket` from @hono/node-ws, on a real Node server. */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createNodeWebSocket } from '@hono/node-ws';
import { type AuthVariables, closeOnExpiry, wsAuth } from '@jwt-guard/hono';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';

let issuer: TestIssuer;
let app: Hono<{ Variables: AuthVariables }>;
let close: () => void;
let base: string;
let opened = 0;

beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['ES256'] });
  app = new Hono<{ Variables: AuthVariables }>();
  const { injectWebSocket, upgradeWebSocket } = createNodeWebSocket({ app });
  const options = { issuer: issuer.issuer, audience: issuer.audience };
  const socket = upgradeWebSocket((c) => {
    let stop = () => {};
    return {
      onOpen: (_event, ws) => {
        opened += 1;
        stop = closeOnExpiry(ws, c.get('auth'));
        ws.send(String(c.get('auth').payload.sub));
      },
      onClose: () => stop(),
    };
  });
  app.get('/ws', wsAuth({ ...options, token: { fromProtocol: true } }), socket);
  app.get('/ws-query', wsAuth({ ...options, token: { fromQuery: true } }), socket);
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  injectWebSocket(server);
  await new Promise((resolve) => server.once('listening', resolve));
  base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(async () => {
  close();
  await issuer.close();
});

function connect(path: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(base + path, { headers });
  return new Promise<{ ws?: WebSocket; first?: string; status?: number }>((resolve, reject) => {
    ws.once('message', (data) => resolve({ ws, first: String(data) }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode });
      res.resume();
    });
    ws.once('error', reject);
  });
}

describe('wsAuth with @hono/node-ws', () => {
  it('connects with a token in Authorization and sets c.get("auth")', async () => {
    const token = await issuer.mint({ claims: { sub: 'carol' } });
    const { ws, first } = await connect('/ws', { authorization: `Bearer ${token}` });
    expect(first).toBe('carol');
    ws?.close();
  });

  it('connects with the token in the query when that route opts in', async () => {
    const token = await issuer.mint({ claims: { sub: 'dave' } });
    const { ws, first } = await connect(`/ws-query?access_token=${token}`);
    expect(first).toBe('dave');
    ws?.close();
  });

  it('refuses a handshake without a token: 401, no socket', async () => {
    const before = opened;
    // @hono/node-ws 1.3 writes the status line alone, so the challenge is read through app.request.
    expect(await connect('/ws')).toEqual({ status: 401 });
    expect(opened).toBe(before);
    const res = await app.request('/ws', { headers: { upgrade: 'websocket' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="api"');
  });

  it('refuses two ?access_token= values: 400 invalid_request, no socket', async () => {
    const [first, second] = [await issuer.mint(), await issuer.mint({ claims: { sub: 'eve' } })];
    const before = opened;
    for (const query of [
      `access_token=${first}&access_token=${second}`,
      `access_token=${first}&access_token=${first}`,
      `access_token=${first}&access%5Ftoken=${second}`,
    ]) {
      expect(await connect(`/ws-query?${query}`), query.slice(-12)).toEqual({ status: 400 });
      const res = await app.request(`/ws-query?${query}`, { headers: { upgrade: 'websocket' } });
      expect(res.status).toBe(400);
      expect(res.headers.get('www-authenticate')).toBe(
        'Bearer realm="api", error="invalid_request", error_description="More than one access token was presented"',
      );
    }
    expect(opened).toBe(before);
  });

  it('closes the socket with 1008 once the token expires', async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const token = await issuer.mint({ claims: { exp } });
    const { ws } = await connect('/ws', { authorization: `Bearer ${token}` });
    const [code, reason] = await new Promise<[number, string]>((resolve) =>
      ws?.once('close', (c, r) => resolve([c, String(r)])),
    );
    expect([code, reason]).toEqual([1008, 'token expired']);
  });
});
