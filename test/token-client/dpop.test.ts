/**
 * The token client's DPoP against real parts: oidc-provider 9 binds its client-credentials
 * tokens to the client's key, with and without a nonce at the token endpoint, and an
 * Express API with jwt-guard's own `dpop` option (required, with server nonces) takes them
 * through `client.fetch` and through a caller's own HTTP client with `client.proof`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTokenClient, type DpopKeyInput } from '@jwt-guard/core/client';
import { jwtAuth, jwtErrorHandler } from '@jwt-guard/express';
import { generateDpopKey } from '@jwt-guard/testing';
import Express from 'express';
import { calculateJwkThumbprint, decodeJwt, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BILLING_API,
  ORDERS_API,
  startTokenProvider,
  type TokenProvider,
} from './token-provider.js';

let op: TokenProvider;
let api: { server: Server; url: string; seen: { status: number; dpopNonce: boolean }[] };

beforeAll(async () => {
  op = await startTokenProvider({ ttlSeconds: 300 });
  const app = Express();
  const seen: { status: number; dpopNonce: boolean }[] = [];
  // Records what each request got, after jwtAuth and the error handler answered it.
  app.use((req, res, next) => {
    res.on('finish', () => seen.push({ status: res.statusCode, dpopNonce: !!req.headers.dpop }));
    next();
  });
  app.use(
    '/orders',
    jwtAuth({
      issuer: op.issuer,
      audience: ORDERS_API,
      binding: { dpop: { required: true, nonce: true } },
    }),
  );
  // A route that refuses every token as revoked, on the DPoP challenge.
  app.use(
    '/revoked',
    jwtAuth({
      issuer: op.issuer,
      audience: ORDERS_API,
      binding: { dpop: { required: true } },
      isRevoked: () => true,
    }),
  );
  app.post('/orders', Express.json(), (req, res) => {
    res.json({ sub: req.auth?.payload.sub, cnf: req.auth?.payload.cnf, body: req.body });
  });
  app.use(jwtErrorHandler());
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders`, seen };
});

afterAll(async () => {
  await new Promise<void>((resolve) => api.server.close(() => resolve()));
  await op.close();
});

const clientWith = (key: DpopKeyInput) =>
  createTokenClient({
    issuer: op.issuer,
    clientId: op.clients.basic.id,
    clientSecret: op.clients.basic.secret,
    audience: ORDERS_API,
    scope: 'read',
    dpop: { key },
  });

describe('DPoP against oidc-provider', () => {
  it('gets a token bound to a CryptoKeyPair whose private key cannot be exported', async () => {
    const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const token = await clientWith(pair).getToken();
    const jkt = await calculateJwkThumbprint(await exportJWK(pair.publicKey));
    expect((await op.verify(token, ORDERS_API)).cnf).toEqual({ jkt });
  });

  it('gets a token bound to a private JWK', async () => {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
    const token = await clientWith(await exportJWK(privateKey)).getToken();
    const jkt = await calculateJwkThumbprint(await exportJWK(publicKey));
    expect(decodeJwt(token).cnf).toEqual({ jkt });
  });

  it("answers the token endpoint's use_dpop_nonce and gets the token with the nonce", async () => {
    op.requireDpopNonce = true;
    try {
      const key = await generateDpopKey();
      const client = clientWith(key);
      const before = op.tokenRequests;
      const token = await client.getToken();
      expect(decodeJwt(token).cnf).toEqual({ jkt: key.jkt });
      // One refusal asking for the nonce, one request with it.
      expect(op.tokenRequests - before).toBe(2);
      // The nonce is remembered: the next request (an exchange) needs no second refusal,
      // and its token is bound to the same key.
      const exchanged = await client.exchange(token, { audience: BILLING_API });
      expect(op.tokenRequests - before).toBe(3);
      expect(await op.verify(exchanged, BILLING_API)).toMatchObject({ cnf: { jkt: key.jkt } });
    } finally {
      op.requireDpopNonce = false;
    }
  });
});

describe("DPoP against jwt-guard's dpop option on Express, with server nonces", () => {
  it('fetch answers the nonce challenge once, then every call carries the nonce', async () => {
    const key = await generateDpopKey();
    const client = clientWith(key);
    const start = api.seen.length;
    const call = (item: number) =>
      client.fetch(`${api.url}?item=${item}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ item }),
      });
    const first = await call(1);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({
      sub: op.clients.basic.id,
      cnf: { jkt: key.jkt },
      body: { item: 1 },
    });
    // 401 use_dpop_nonce, then the same request (same body) with the nonce.
    expect(api.seen.slice(start).map((r) => r.status)).toEqual([401, 200]);
    for (const item of [2, 3]) expect((await call(item)).status).toBe(200);
    expect(api.seen.slice(start).map((r) => r.status)).toEqual([401, 200, 200, 200]);
  });

  it("proof() serves a caller's own HTTP client, learnNonce its nonce", async () => {
    const client = clientWith(await generateDpopKey());
    const token = await client.getToken();
    const send = async () =>
      fetch(api.url, {
        method: 'POST',
        headers: {
          authorization: `DPoP ${token}`,
          dpop: await client.proof('POST', api.url, token),
        },
      });
    const refused = await send();
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('error="use_dpop_nonce"');
    client.learnNonce(api.url, refused);
    expect((await send()).status).toBe(200);
  });

  it('renews after invalid_token on the DPoP challenge, within renewalLimit', async () => {
    const events: unknown[] = [];
    const client = createTokenClient({
      issuer: op.issuer,
      clientId: op.clients.basic.id,
      clientSecret: op.clients.basic.secret,
      audience: ORDERS_API,
      dpop: { key: await generateDpopKey() },
      renewalLimit: { max: 2, perMs: 60_000 },
      events: (event) => events.push(event),
    });
    const revoked = api.url.replace('/orders', '/revoked');
    const before = op.tokenRequests;
    for (let call = 0; call < 4; call += 1) {
      const response = await client.fetch(revoked);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/DPoP .*error="invalid_token"/);
    }
    expect(op.tokenRequests - before).toBe(3);
    expect(events).toHaveLength(2);
  });
});
