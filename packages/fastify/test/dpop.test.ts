/**
 * DPoP on Fastify over real HTTP: `htu` is compared with the URL the client used (prefix
 * included), the scheme and host of a proxy only under `trustProxy`, and a `Host` that must
 * be a valid authority (400 otherwise) unless `publicOrigin` makes it irrelevant.
 */
import { request } from 'node:http';
import {
  createDpopProof,
  createTestIssuer,
  type DpopKey,
  generateDpopKey,
  type TestIssuer,
} from '@jwt-guard/testing';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jwtAuth } from '../src/index.js';

let issuer: TestIssuer;
let key: DpopKey;
let apps: FastifyInstance[];
let direct: number;
let proxied: number;
let handled: string[] = [];

const INVALID_PROOF = 'error="invalid_dpop_proof", error_description="The DPoP proof is invalid"';
const BAD_HOST =
  'error="invalid_request", error_description="The Host header or request target is invalid"';

async function start(trustProxy: boolean) {
  const options = { issuer: issuer.issuer, audience: issuer.audience, binding: { dpop: {} } };
  const app = Fastify({ trustProxy });
  await app.register(
    async (api) => {
      await api.register(jwtAuth, options);
      api.get('/orders', async (request) => {
        handled.push(request.originalUrl);
        return { sub: request.auth?.payload.sub };
      });
    },
    { prefix: '/api' },
  );
  await app.register(async (behind) => {
    const publicOrigin = 'https://api.example.com';
    await behind.register(jwtAuth, { ...options, binding: { dpop: {}, publicOrigin } });
    behind.get('/behind', async () => {
      handled.push('/behind');
      return { ok: true };
    });
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  apps.push(app);
  return Number(new URL(base).port);
}

beforeAll(async () => {
  apps = [];
  [issuer, key] = await Promise.all([createTestIssuer(), generateDpopKey()]);
  [direct, proxied] = [await start(false), await start(true)];
});
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await issuer.close();
});
beforeEach(() => {
  handled = [];
});

/** GET `path` with a DPoP-bound token and a proof for `htu`; `headers` may replace Host. */
async function send(
  path: string,
  htu: string,
  headers: Record<string, string> = {},
  port = direct,
) {
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

describe('Fastify: the URL a DPoP proof names', () => {
  it('is the URL as sent, the plugin prefix included', async () => {
    const origin = `http://127.0.0.1:${direct}`;
    expect(await send('/api/orders', `${origin}/api/orders`)).toMatchObject({ status: 200 });
    expect(handled).toEqual(['/api/orders']);
    const relative = await send('/api/orders', `${origin}/orders`);
    expect(relative.status).toBe(401);
    expect(relative.challenge).toContain(INVALID_PROOF);
    expect(handled).toEqual(['/api/orders']);
  });

  it.each(['api.example.com?', 'api.example.com#', 'api.example.com/api', 'user@api.example.com'])(
    'refuses Host %j with 400 invalid_request, whatever the proof names',
    async (host) => {
      for (const htu of [`http://${host}/api/orders`, 'http://api.example.com/api/orders']) {
        const answer = await send('/api/orders', htu, { host });
        expect(answer.status).toBe(400);
        expect(answer.challenge).toContain(BAD_HOST);
      }
      expect(handled).toEqual([]);
    },
  );

  it('is publicOrigin and the target path when set, whatever Host says', async () => {
    for (const host of ['api.example.com?', 'api.example.com/public', '10.0.0.7:8080']) {
      expect((await send('/behind', 'https://api.example.com/behind', { host })).status).toBe(200);
      const viaHost = await send('/behind', 'https://api.example.com/public/behind', { host });
      expect(viaHost.status).toBe(401);
    }
    expect(handled).toEqual(['/behind', '/behind', '/behind']);
  });

  it('takes the scheme and host from X-Forwarded-* only under trustProxy', async () => {
    const headers = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'api.example.com' };
    const htu = 'https://api.example.com/api/orders';
    expect((await send('/api/orders', htu, headers, proxied)).status).toBe(200);
    const asSent = `http://127.0.0.1:${proxied}/api/orders`;
    expect((await send('/api/orders', asSent, headers, proxied)).status).toBe(401);
    const untrusted = await send('/api/orders', htu, headers, direct);
    expect(untrusted.status).toBe(401);
    expect(untrusted.challenge).toContain(INVALID_PROOF);
    expect(handled).toEqual(['/api/orders']);
  });
});
