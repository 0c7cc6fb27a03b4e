/**
 * createTokenClient against a real oidc-provider 9: each client authentication method,
 * one request for many callers, renewal ahead of expiry with short-lived tokens, an
 * outage past expiry and its recovery, token exchange, and the fetch wrapper against an
 * Express API (jwtAuth) that refuses the first token as revoked.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createTokenClient,
  TokenClientError,
  type TokenClientOptions,
} from '@jwt-guard/core/client';
import { jwtAuth, jwtErrorHandler } from '@jwt-guard/express';
import Express from 'express';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BILLING_API,
  ORDERS_API,
  startTokenProvider,
  type TokenProvider,
} from './token-provider.js';

const TTL_SECONDS = 4;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const expiryOf = (token: string) => decodeJwt(token).exp! * 1000;

let op: TokenProvider;
beforeAll(async () => {
  op = await startTokenProvider({ ttlSeconds: TTL_SECONDS });
});
afterAll(() => op.close());

/** Serves `app` (with jwt-guard's error handler) on loopback; returns the server and its `/orders` URL. */
async function serveOrders(app: Express.Express): Promise<{ server: Server; url: string }> {
  app.use(jwtErrorHandler());
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders` };
}

const clientOf = (method: 'basic' | 'post' | 'jwt', extra: Partial<TokenClientOptions> = {}) => {
  const { clients, issuer } = op;
  const auth =
    method === 'jwt'
      ? { clientId: clients.jwt.id, privateKey: clients.jwt.privateKey }
      : method === 'basic'
        ? { clientId: clients.basic.id, clientSecret: clients.basic.secret }
        : {
            clientId: clients.post.id,
            clientSecret: clients.post.secret,
            tokenEndpointAuthMethod: 'client_secret_post' as const,
          };
  return createTokenClient({ issuer, audience: ORDERS_API, scope: 'read', ...auth, ...extra });
};

describe('token client against oidc-provider', () => {
  it.each([
    ['client_secret_basic', 'basic'],
    ['client_secret_post', 'post'],
    ['private_key_jwt', 'jwt'],
  ] as const)('%s gets a token for the API', async (_, method) => {
    const token = await clientOf(method).getToken();
    const claims = await op.verify(token, ORDERS_API);
    expect(claims.client_id).toBe(op.clients[method].id);
    expect(claims.scope).toBe('read');
  });

  it('makes one token request for twenty simultaneous callers', async () => {
    const client = clientOf('basic');
    const before = op.tokenRequests;
    const tokens = await Promise.all(Array.from({ length: 20 }, () => client.getToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(op.tokenRequests - before).toBe(1);
  });

  it('renews ahead of expiry and never hands out an expired token', async () => {
    const client = clientOf('post', { refreshAhead: 2 });
    const before = op.tokenRequests;
    const seen: string[] = [];
    const until = Date.now() + 2.5 * TTL_SECONDS * 1000;
    while (Date.now() < until) {
      const token = await client.getToken();
      expect(expiryOf(token)).toBeGreaterThan(Date.now());
      if (seen.at(-1) !== token) seen.push(token);
      await sleep(100);
    }
    expect(seen.length).toBeGreaterThanOrEqual(3);
    // Each token was issued while the one before it still had about two seconds left.
    for (let i = 1; i < seen.length; i += 1) {
      expect(decodeJwt(seen[i]!).iat! * 1000).toBeLessThan(expiryOf(seen[i - 1]!));
    }
    expect(op.tokenRequests - before).toBe(seen.length);
  }, 30_000);

  it('serves the valid token during an outage, fails promptly past expiry, and recovers', async () => {
    const client = clientOf('jwt', { refreshAhead: 2, retries: 1 });
    const token = await client.getToken();
    op.down = true;
    try {
      await sleep(expiryOf(token) - Date.now() - 1_500); // inside the renewal window
      expect(await client.getToken()).toBe(token);

      await sleep(expiryOf(token) - Date.now() + 100);
      let started = Date.now();
      const error = await client.getToken().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TokenClientError);
      expect(error).toMatchObject({ code: 'ERR_ISSUER_UNAVAILABLE', responseStatus: 503 });
      expect(Date.now() - started).toBeLessThan(2_000);

      const requests = op.tokenRequests;
      started = Date.now();
      await expect(client.getToken()).rejects.toBeInstanceOf(TokenClientError);
      expect(Date.now() - started).toBeLessThan(500);
      expect(op.tokenRequests).toBe(requests);
    } finally {
      op.down = false;
    }
    await expect
      .poll(() => client.getToken().catch(() => undefined), { timeout: 5_000, interval: 250 })
      .toMatch(/^ey/);
  }, 30_000);

  it('exchanges a token for another API (RFC 8693) and caches the result', async () => {
    const subject = await clientOf('post').getToken();
    const service = clientOf('jwt');
    const before = op.tokenRequests;
    const [exchanged, again] = await Promise.all([
      service.exchange(subject, { audience: BILLING_API, scope: 'read' }),
      service.exchange(subject, { audience: BILLING_API, scope: 'read' }),
    ]);
    expect(again).toBe(exchanged);
    expect(op.tokenRequests - before).toBe(1);
    const claims = await op.verify(exchanged, BILLING_API);
    // The subject stays the subject token's (here a service's own token); the asking client is the actor.
    expect(claims).toMatchObject({
      sub: op.clients.post.id,
      act: { sub: op.clients.jwt.id },
      client_id: op.clients.jwt.id,
    });
    await expect(service.exchange('not-a-token', { audience: BILLING_API })).rejects.toMatchObject({
      code: 'ERR_TOKEN_REQUEST_REJECTED',
      oauthError: 'invalid_grant',
    });
  });
});

describe('fetch against an Express API', () => {
  let server: Server;
  let url: string;
  const revoked = new Set<unknown>();
  beforeAll(async () => {
    const app = Express();
    app.use(
      jwtAuth({
        issuer: op.issuer,
        audience: ORDERS_API,
        // The first token this API sees is refused as revoked: 401 invalid_token.
        isRevoked: (payload) => {
          if (revoked.size === 0) revoked.add(payload.jti);
          return revoked.has(payload.jti);
        },
      }),
    );
    app.post('/orders', Express.json(), (req, res) => {
      res.json({ jti: req.auth?.payload.jti, body: req.body });
    });
    ({ server, url } = await serveOrders(app));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('renews the token after a 401 invalid_token and retries once with the same body', async () => {
    const client = clientOf('basic');
    const first = await client.getToken();
    const before = op.tokenRequests;
    const response = await client.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ item: 42 }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { jti: string; body: unknown };
    expect(body.body).toEqual({ item: 42 });
    expect(revoked.has(decodeJwt(first).jti)).toBe(true);
    expect(body.jti).not.toBe(decodeJwt(first).jti);
    expect(op.tokenRequests - before).toBe(1);
  });
});

describe('fetch against an API that refuses every token', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const app = Express();
    // Every token is refused as revoked: 401 invalid_token, whatever the client renews.
    app.use(jwtAuth({ issuer: op.issuer, audience: ORDERS_API, isRevoked: () => true }));
    app.get('/orders', (_req, res) => void res.json({}));
    ({ server, url } = await serveOrders(app));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('asks the issuer for at most 5 renewals a minute, then passes the 401 on', async () => {
    const events: unknown[] = [];
    const client = clientOf('basic', { events: (event) => events.push(event) });
    const before = op.tokenRequests;
    for (let call = 0; call < 15; call += 1) {
      const response = await client.fetch(url);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
    // The first token and five renewals; ten calls past the bound, each one event.
    expect(op.tokenRequests - before).toBe(6);
    expect(events).toHaveLength(10);
    expect(events[0]).toMatchObject({ type: 'token-renewal-limited', max: 5, perMs: 60_000 });
  });
});
