/**
 * `@fastify/websocket` handshakes go through the same `onRequest` hook: an upgrade without a
 * valid token is refused with the HTTP answer (status and challenge) before any WebSocket
 * exists, and one with a valid token opens a socket that knows `request.auth`.
 */
import websocket from '@fastify/websocket';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { jwtAuth } from '../src/index.js';

let issuer: TestIssuer;
let app: FastifyInstance;
let base: string;
let opened = 0;

beforeAll(async () => {
  issuer = await createTestIssuer();
  app = Fastify();
  await app.register(websocket);
  await app.register(async (live) => {
    await live.register(jwtAuth, { issuer: issuer.issuer, audience: issuer.audience });
    live.get('/live', { websocket: true }, (socket, request) => {
      opened += 1;
      socket.send(`hello ${request.auth?.payload.sub}`);
    });
  });
  base = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
});
afterAll(async () => {
  await app.close();
  await issuer.close();
});

type Outcome =
  | { readonly opened: string }
  | { readonly refused: number; readonly challenge: string | undefined; readonly body: string };

function connect(headers: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${base}/live`, { headers });
    socket.on('message', (data) => {
      resolve({ opened: String(data) });
      socket.close();
    });
    socket.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () =>
        resolve({
          refused: res.statusCode ?? 0,
          challenge: res.headers['www-authenticate'],
          body,
        }),
      );
    });
    socket.on('error', reject);
  });
}

describe('@fastify/websocket handshakes', () => {
  it('refuses an upgrade without a token with 401 and the bare challenge', async () => {
    expect(await connect({})).toEqual({
      refused: 401,
      challenge: 'Bearer realm="api"',
      body: 'Authentication is required',
    });
    expect(opened).toBe(0);
  });

  it('refuses an upgrade with an expired token with 401 invalid_token', async () => {
    const expired = await issuer.mint({ expiresIn: -60 });
    expect(await connect({ authorization: `Bearer ${expired}` })).toEqual({
      refused: 401,
      challenge:
        'Bearer realm="api", error="invalid_token", error_description="The access token has expired"',
      body: 'The access token has expired',
    });
    expect(opened).toBe(0);
  });

  it('accepts an upgrade with a valid token, and the socket knows request.auth', async () => {
    const token = await issuer.mint();
    expect(await connect({ authorization: `Bearer ${token}` })).toEqual({
      opened: 'hello user-123',
    });
    expect(opened).toBe(1);
  });
});
