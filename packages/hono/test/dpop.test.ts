/**
 * DPoP on Hono on Node over real HTTP (@hono/node-server): `htu` is compared with the URL
 * the runtime built from the request, whose authority core checks again; a `Host` that is
 * no authority never reaches the handler, and `publicOrigin` makes the Host irrelevant.
 * workerd, Bun and Deno run the same rows in the conformance table (test/edge).
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import {
  createDpopProof,
  createTestIssuer,
  type DpopKey,
  generateDpopKey,
  type TestIssuer,
} from '@jwt-guard/testing';
import { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jwtAuth } from '../src/index.js';

let issuer: TestIssuer;
let key: DpopKey;
let server: Server;
let port: number;
let handled: string[] = [];

const INVALID_PROOF = 'error="invalid_dpop_proof", error_description="The DPoP proof is invalid"';

beforeAll(async () => {
  [issuer, key] = await Promise.all([createTestIssuer(), generateDpopKey()]);
  const options = { issuer: issuer.issuer, audience: issuer.audience, binding: { dpop: {} } };
  const app = new Hono();
  app.get('/orders', jwtAuth(options), (c) => {
    handled.push('orders');
    return c.json({ ok: true });
  });
  app.get(
    '/behind',
    jwtAuth({ ...options, binding: { dpop: {}, publicOrigin: 'https://api.example.com' } }),
    (c) => {
      handled.push('behind');
      return c.json({ ok: true });
    },
  );
  server = createServer(getRequestListener(app.fetch));
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.close();
  await issuer.close();
});
beforeEach(() => {
  handled = [];
});

async function send(path: string, htu: string, headers: Record<string, string> = {}) {
  const token = await issuer.mint({ claims: { cnf: { jkt: key.jkt } } });
  const proof = await createDpopProof(key, { method: 'GET', url: htu, accessToken: token });
  return new Promise<{ status: number; challenge: string | undefined }>((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path,
      headers: { authorization: `DPoP ${token}`, dpop: proof, ...headers },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, challenge: res.headers['www-authenticate'] }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Hono on Node: the URL a DPoP proof names', () => {
  it('is the request URL, and a proof for another path or deployment is refused', async () => {
    const origin = `http://127.0.0.1:${port}`;
    expect((await send('/orders', `${origin}/orders`)).status).toBe(200);
    for (const htu of [`${origin}/other`, 'http://other.example.com/orders']) {
      const answer = await send('/orders', htu);
      expect(answer.status).toBe(401);
      expect(answer.challenge).toContain(INVALID_PROOF);
    }
    expect(handled).toEqual(['orders']);
  });

  it.each([
    'api.example.com?',
    'api.example.com#',
    'api.example.com/public',
    'user@api.example.com',
  ])('never lets Host %j reach the handler: 400', async (host) => {
    for (const path of ['/orders', '/behind']) {
      const answer = await send(path, `http://${host}${path}`, { host });
      expect(answer.status).toBe(400);
    }
    expect(handled).toEqual([]);
  });

  it('with publicOrigin, ignores Host and compares the target path', async () => {
    const headers = { host: '10.0.0.7:8080' };
    expect((await send('/behind', 'https://api.example.com/behind', headers)).status).toBe(200);
    const inner = await send('/behind', 'http://10.0.0.7:8080/behind', headers);
    expect(inner.status).toBe(401);
    expect(handled).toEqual(['behind']);
  });
});
