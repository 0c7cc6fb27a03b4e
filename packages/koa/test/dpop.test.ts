/**
 * DPoP on Koa over real HTTP and HTTPS: `htu` is compared with the URL the client used,
 * the scheme and host of a trusted proxy (`app.proxy`) or of the TLS connection, and a
 * `Host` that must be a valid authority (400 otherwise) unless `publicOrigin` is set.
 */

import { createServer, request as httpRequest, type Server } from 'node:http';
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { BindingOptions } from '@jwt-guard/core';
import {
  createDpopProof,
  createServerCertificate,
  createTestIssuer,
  type DpopKey,
  generateDpopKey,
  type TestCertificate,
  type TestIssuer,
} from '@jwt-guard/testing';
import Koa from 'koa';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jwtAuth } from '../src/index.js';

let issuer: TestIssuer;
let key: DpopKey;
let certificate: TestCertificate;
const servers: Server[] = [];
let handled: string[] = [];

const INVALID_PROOF = 'error="invalid_dpop_proof", error_description="The DPoP proof is invalid"';
const BAD_HOST =
  'error="invalid_request", error_description="The Host header or request target is invalid"';

beforeAll(async () => {
  [issuer, key, certificate] = await Promise.all([
    createTestIssuer(),
    generateDpopKey(),
    createServerCertificate(),
  ]);
});
afterAll(async () => {
  for (const server of servers) server.close();
  await issuer.close();
});
beforeEach(() => {
  handled = [];
});

function app(name: string, binding: BindingOptions = {}, proxy = false) {
  const koa = new Koa();
  koa.proxy = proxy;
  koa.use(
    jwtAuth({
      issuer: issuer.issuer,
      audience: issuer.audience,
      binding: { dpop: {}, ...binding },
    }),
  );
  koa.use((ctx) => {
    handled.push(name);
    ctx.body = { ok: true };
  });
  return koa;
}

async function listen(server: Server, scheme: 'http' | 'https') {
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return { scheme, port: (server.address() as AddressInfo).port };
}

type Target = Awaited<ReturnType<typeof listen>>;

/** GET `path` with a DPoP-bound token and a proof for `htu`; `headers` may replace Host. */
async function send(
  target: Target,
  path: string,
  htu: string,
  headers: Record<string, string> = {},
) {
  const token = await issuer.mint({ claims: { cnf: { jkt: key.jkt } } });
  const proof = await createDpopProof(key, { method: 'GET', url: htu, accessToken: token });
  const request = target.scheme === 'https' ? httpsRequest : httpRequest;
  return new Promise<{ status: number; challenge: string | undefined }>((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port: target.port,
      path,
      ca: certificate.certPem,
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

describe('Koa: the URL a DPoP proof names', () => {
  it('behind a trusted proxy (app.proxy), takes X-Forwarded-Proto and X-Forwarded-Host', async () => {
    const target = await listen(createServer(app('proxied', {}, true).callback()), 'http');
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'api.example.com' };
    const ok = await send(target, '/orders', 'https://api.example.com/orders', forwarded);
    expect(ok.status).toBe(200);
    const inner = await send(
      target,
      '/orders',
      `http://127.0.0.1:${target.port}/orders`,
      forwarded,
    );
    expect(inner.status).toBe(401);
    expect(inner.challenge).toContain(INVALID_PROOF);
    // A forwarded host that is no authority is refused like a Host that is none.
    const bad = { ...forwarded, 'x-forwarded-host': 'api.example.com/public' };
    const refused = await send(target, '/orders', 'https://api.example.com/public/orders', bad);
    expect(refused.status).toBe(400);
    expect(refused.challenge).toContain(BAD_HOST);
    expect(handled).toEqual(['proxied']);
  });

  it('without app.proxy, ignores the forwarded headers', async () => {
    const target = await listen(createServer(app('direct').callback()), 'http');
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'api.example.com' };
    const spoofed = await send(target, '/orders', 'https://api.example.com/orders', forwarded);
    expect(spoofed.status).toBe(401);
    const ok = await send(target, '/orders', `http://127.0.0.1:${target.port}/orders`, forwarded);
    expect(ok.status).toBe(200);
    expect(handled).toEqual(['direct']);
  });

  it('over HTTPS, takes the https scheme from the TLS connection', async () => {
    const tls = { cert: certificate.certPem, key: certificate.keyPem };
    const target = await listen(createHttpsServer(tls, app('tls').callback()), 'https');
    const origin = `127.0.0.1:${target.port}`;
    expect((await send(target, '/orders', `https://${origin}/orders`)).status).toBe(200);
    const plain = await send(target, '/orders', `http://${origin}/orders`);
    expect(plain.status).toBe(401);
    expect(plain.challenge).toContain(INVALID_PROOF);
    expect(handled).toEqual(['tls']);
  });

  it.each([
    'api.example.com?',
    'api.example.com#',
    'api.example.com/public',
    'user@api.example.com',
  ])('refuses Host %j with 400 invalid_request, whatever the proof names', async (host) => {
    const target = await listen(createServer(app('hosted').callback()), 'http');
    for (const htu of [`http://${host}/orders`, 'http://api.example.com/orders']) {
      const answer = await send(target, '/orders', htu, { host });
      expect(answer.status).toBe(400);
      expect(answer.challenge).toContain(BAD_HOST);
    }
    expect(handled).toEqual([]);
  });

  it('with publicOrigin, ignores Host and compares the target path', async () => {
    const target = await listen(
      createServer(app('behind', { publicOrigin: 'https://api.example.com' }).callback()),
      'http',
    );
    for (const host of ['api.example.com?', 'api.example.com/public']) {
      expect((await send(target, '/X', 'https://api.example.com/X', { host })).status).toBe(200);
      const viaHost = await send(target, '/X', 'https://api.example.com/public/X', { host });
      expect(viaHost.status).toBe(401);
    }
    expect(handled).toEqual(['behind', 'behind']);
  });
});
