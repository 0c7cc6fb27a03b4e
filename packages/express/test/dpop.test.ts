/**
 * DPoP on Express over real HTTP: `htu` is compared with the URL the client used, mount
 * path included (`req.originalUrl`), the scheme of a trusted proxy, and a `Host` that must be
 * a valid authority (400 otherwise) unless `publicOrigin` makes it irrelevant.
 */
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createDpopProof,
  createTestIssuer,
  type DpopKey,
  generateDpopKey,
  type TestIssuer,
} from '@jwt-guard/testing';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jwtAuth } from '../src/index.js';

let issuer: TestIssuer;
let key: DpopKey;
let server: Server;
let port: number;
let handled: string[] = [];

const INVALID_PROOF = 'error="invalid_dpop_proof", error_description="The DPoP proof is invalid"';
const BAD_HOST =
  'error="invalid_request", error_description="The Host header or request target is invalid"';

beforeAll(async () => {
  [issuer, key] = await Promise.all([createTestIssuer(), generateDpopKey()]);
  const options = { issuer: issuer.issuer, audience: issuer.audience, binding: { dpop: {} } };
  const app = express();
  const router = express.Router();
  router.use(jwtAuth(options));
  router.get('/orders', (req, res) => {
    handled.push(req.originalUrl);
    res.json({ sub: req.auth?.payload.sub });
  });
  app.use('/api', router);
  app.get(
    '/behind',
    jwtAuth({ ...options, binding: { dpop: {}, publicOrigin: 'https://api.example.com' } }),
    (_q, res) => {
      handled.push('/behind');
      res.json({ ok: true });
    },
  );
  const proxied = express();
  proxied.set('trust proxy', true);
  proxied.get('/orders', jwtAuth(options), (_req, res) => {
    handled.push('/proxied');
    res.json({ ok: true });
  });
  app.use('/proxied', proxied);
  server = app.listen(0, '127.0.0.1');
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

/** GET `path` with a DPoP-bound token and a proof for `htu`; `headers` may replace Host. */
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

describe('Express: the URL a DPoP proof names', () => {
  it('is the original URL under a router mounted at /api, not the router-relative one', async () => {
    const origin = `http://127.0.0.1:${port}`;
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

  it('refuses a proof made for another deployment', async () => {
    const answer = await send('/api/orders', 'http://other.example.com/api/orders', {
      host: 'api.example.com',
    });
    expect(answer.status).toBe(401);
    expect(answer.challenge).toContain(INVALID_PROOF);
  });

  it('is publicOrigin and the target path when set, whatever Host says', async () => {
    for (const host of ['api.example.com?', 'api.example.com/public', '10.0.0.7:8080']) {
      expect((await send('/behind', 'https://api.example.com/behind', { host })).status).toBe(200);
      const viaHost = await send('/behind', 'https://api.example.com/public/behind', { host });
      expect(viaHost.status).toBe(401);
    }
    expect(handled).toEqual(['/behind', '/behind', '/behind']);
  });

  it('takes the scheme from X-Forwarded-Proto under trust proxy', async () => {
    const headers = { host: 'api.example.com', 'x-forwarded-proto': 'https' };
    const ok = await send('/proxied/orders', 'https://api.example.com/proxied/orders', headers);
    expect(ok.status).toBe(200);
    const plain = await send('/proxied/orders', 'http://api.example.com/proxied/orders', headers);
    expect(plain.status).toBe(401);
    expect(handled).toEqual(['/proxied']);
  });
});
