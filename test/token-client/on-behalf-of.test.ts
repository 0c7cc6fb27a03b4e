/**
 * Calling downstream on behalf of the user, through three real Express services on
 * loopback and a real oidc-provider with a token-exchange grant (RFC 8693): a user calls
 * the gateway; the gateway exchanges the user's token for one to orders; orders exchanges
 * the token it received for one to billing. Billing sees the user as `sub`, orders as the
 * calling client (`client_id`, `act.sub`) and the gateway before it (`act.act.sub`), and a
 * policy checks both.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTokenClient, type TokenClient } from '@jwt-guard/core/client';
import { allOf, claim, namedPolicy } from '@jwt-guard/core/policy';
import { jwtAuth, jwtErrorHandler, requirePolicy } from '@jwt-guard/express';
import Express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BILLING_API,
  GATEWAY_API,
  ORDERS_API,
  startTokenProvider,
  type TokenProvider,
} from './token-provider.js';

let op: TokenProvider;
const servers: Server[] = [];
const urls = { gateway: '', orders: '', billing: '' };
let gatewayClient: TokenClient;
let ordersClient: TokenClient;

async function serve(app: Express.Express): Promise<string> {
  app.use(jwtErrorHandler());
  const server = createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Billing: a user's invoices, for that user only, and only when orders asks on their behalf. */
function billingApp() {
  const app = Express();
  app.use(jwtAuth({ issuer: op.issuer, audience: BILLING_API }));
  const ordersForTheUser = namedPolicy<{ user: string }>(
    'ordersOnBehalfOfTheUser',
    allOf(
      (auth, req) => auth.payload.sub === req.params.user,
      claim('client_id', 'orders'),
      claim('act.sub', 'orders'),
    ),
  );
  app.get('/users/:user/invoices', requirePolicy(ordersForTheUser), (req, res) => {
    const { sub, client_id, act } = req.auth!.payload;
    res.json({ invoices: [`${sub}-inv-1`], seen: { sub, client_id, act } });
  });
  return app;
}

/** Orders: the user's orders and, from billing, their invoices. */
function ordersApp() {
  const app = Express();
  app.use(jwtAuth({ issuer: op.issuer, audience: ORDERS_API }));
  app.get('/orders', requirePolicy(claim('act.sub', 'gateway')), async (req, res, next) => {
    try {
      const user = String(req.auth!.payload.sub);
      const token = await ordersClient.exchange(req.auth!.token, { audience: BILLING_API });
      const billing = await fetch(`${urls.billing}/users/${encodeURIComponent(user)}/invoices`, {
        headers: { authorization: `Bearer ${token}` },
      });
      res
        .status(billing.status)
        .json({ orders: [`${user}-order-1`], billing: await billing.json() });
    } catch (error) {
      next(error);
    }
  });
  return app;
}

/** Gateway: what the user calls, with their own token. */
function gatewayApp() {
  const app = Express();
  app.use(jwtAuth({ issuer: op.issuer, audience: GATEWAY_API }));
  app.get('/me/orders', async (req, res, next) => {
    try {
      const token = await gatewayClient.exchange(req.auth!.token, { audience: ORDERS_API });
      const orders = await fetch(`${urls.orders}/orders`, {
        headers: { authorization: `Bearer ${token}` },
      });
      res.status(orders.status).json(await orders.json());
    } catch (error) {
      next(error);
    }
  });
  return app;
}

beforeAll(async () => {
  op = await startTokenProvider({ ttlSeconds: 300 });
  const service = (id: 'gateway' | 'orders') =>
    createTokenClient({
      issuer: op.issuer,
      clientId: op.clients[id].id,
      clientSecret: op.clients[id].secret,
      scope: 'read',
    });
  gatewayClient = service('gateway');
  ordersClient = service('orders');
  urls.billing = await serve(billingApp());
  urls.orders = await serve(ordersApp());
  urls.gateway = await serve(gatewayApp());
});

afterAll(async () => {
  await Promise.all(
    servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
  );
  await op.close();
});

/** Billing's answer to `token` asking for `user`'s invoices. */
const askBilling = (user: string, token: string) =>
  fetch(`${urls.billing}/users/${user}/invoices`, {
    headers: { authorization: `Bearer ${token}` },
  });

const asUser = async (sub: string) => ({
  authorization: `Bearer ${await op.userToken(sub, GATEWAY_API)}`,
});

describe('on behalf of the user: gateway → orders → billing', () => {
  it("billing sees the user's sub and the services that called, in act", async () => {
    const response = await fetch(`${urls.gateway}/me/orders`, { headers: await asUser('alice') });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      orders: ['alice-order-1'],
      billing: {
        invoices: ['alice-inv-1'],
        seen: {
          sub: 'alice',
          client_id: 'orders',
          act: { sub: 'orders', act: { sub: 'gateway' } },
        },
      },
    });
  });

  it('exchanges once per user token and audience, then serves from the cache', async () => {
    const headers = await asUser('bob');
    const before = op.tokenRequests;
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => fetch(`${urls.gateway}/me/orders`, { headers })),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    // One exchange at the gateway, one at orders, however many calls.
    expect(op.tokenRequests - before).toBe(2);
    const again = await fetch(`${urls.gateway}/me/orders`, { headers: await asUser('bob') });
    expect(again.status).toBe(200);
    // Another token of the same user is another subject token: two more exchanges.
    expect(op.tokenRequests - before).toBe(4);
  });

  it('billing refuses a token of the gateway itself: the policy wants orders as the actor', async () => {
    const fromGateway = await gatewayClient.exchange(await op.userToken('carol', GATEWAY_API), {
      audience: BILLING_API,
    });
    const response = await askBilling('carol', fromGateway);
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
  });

  it("billing refuses another user's invoices, and a service token without a user", async () => {
    const forAlice = await ordersClient.exchange(await op.userToken('alice', ORDERS_API), {
      audience: BILLING_API,
    });
    expect((await askBilling('mallory', forAlice)).status).toBe(403);
    // The old way, a service token beside ?user=, names no user and no actor: even where its
    // own sub matches the path, the policy refuses it for want of act.
    const serviceToken = await createTokenClient({
      issuer: op.issuer,
      clientId: op.clients.orders.id,
      clientSecret: op.clients.orders.secret,
      audience: BILLING_API,
    }).getToken();
    expect((await askBilling('orders', serviceToken)).status).toBe(403);
  });

  it("the gateway's token for orders is refused by billing (audience)", async () => {
    const forOrders = await gatewayClient.exchange(await op.userToken('dave', GATEWAY_API), {
      audience: ORDERS_API,
    });
    expect((await askBilling('dave', forOrders)).status).toBe(401);
  });
});
