/**
 * The migration guides' before and after examples, run against one test issuer: the same
 * request gets the same status from the peer library's app and from ours.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as afterExpressJwt from './after-express-jwt.js';
import * as afterAuth0 from './after-express-oauth2-jwt-bearer.js';
import * as afterHono from './after-hono.js';
import * as afterKoaJwt from './after-koa-jwt.js';
import * as beforeExpressJwt from './before-express-jwt.js';
import * as beforeAuth0 from './before-express-oauth2-jwt-bearer.js';
import * as beforeHono from './before-hono.js';
import * as beforeKoaJwt from './before-koa-jwt.js';
import type { IssuerTarget } from './target.js';

type Send = (path: string, token?: string) => Promise<Response>;

const servers: Server[] = [];

async function serve(listener: RequestListener): Promise<Send> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return (path, token) =>
    fetch(`http://127.0.0.1:${port}${path}`, {
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });
}

function viaHono(app: {
  request: (path: string, init: RequestInit) => Response | Promise<Response>;
}): Send {
  return async (path, token) =>
    app.request(path, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
}

const pairs: ReadonlyArray<{
  readonly name: string;
  readonly peer: (target: IssuerTarget) => Promise<Send>;
  readonly ours: (target: IssuerTarget) => Promise<Send>;
  /** Statuses [before, after] for a token without `exp`, as the guide says. */
  readonly noExp: readonly [number, number];
  /** Statuses [before, after] for a token that expired 2 s ago (ours allows 5 s of skew). */
  readonly justExpired: readonly [number, number];
}> = [
  {
    name: 'express-jwt + jwks-rsa',
    peer: (t) => serve(beforeExpressJwt.createApp(t)),
    ours: (t) => serve(afterExpressJwt.createApp(t)),
    noExp: [200, 401],
    justExpired: [401, 200],
  },
  {
    name: 'express-oauth2-jwt-bearer',
    peer: (t) => serve(beforeAuth0.createApp(t)),
    ours: (t) => serve(afterAuth0.createApp(t)),
    noExp: [401, 401],
    justExpired: [200, 200],
  },
  {
    name: 'koa-jwt + jwks-rsa',
    peer: (t) => serve(beforeKoaJwt.createApp(t).callback()),
    ours: (t) => serve(afterKoaJwt.createApp(t).callback()),
    noExp: [200, 401],
    justExpired: [401, 200],
  },
  {
    name: 'hono/jwk',
    peer: async (t) => viaHono(beforeHono.createApp(t)),
    ours: async (t) => viaHono(afterHono.createApp(t)),
    noExp: [200, 401],
    justExpired: [401, 200],
  },
];

let issuer: TestIssuer;

beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['RS256'] });
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  await issuer.close();
});

describe.each(pairs)('migrating from $name', ({ peer, ours, noExp, justExpired }) => {
  it('answers the same request the same way before and after', async () => {
    const sendBefore = await peer(issuer);
    const sendAfter = await ours(issuer);
    const valid = await issuer.mint({ claims: { scope: 'read:orders' } });
    const expired = await issuer.mint({ expiresIn: -600 });
    const cases = [
      { token: valid, status: 200 },
      { token: expired, status: 401 },
      { token: undefined, status: 401 },
    ];
    for (const { token, status } of cases) {
      const [b, a] = await Promise.all([sendBefore('/me', token), sendAfter('/me', token)]);
      expect([b.status, a.status]).toEqual([status, status]);
      if (status === 200) expect(await a.json()).toEqual(await b.json());
    }
  });

  it('differs where the guide says: tokens without exp, and clock skew', async () => {
    const sendBefore = await peer(issuer);
    const sendAfter = await ours(issuer);
    const noExpToken = await issuer.mint({ omit: ['exp'] });
    const justExpiredToken = await issuer.mint({ expiresIn: -2 });
    const statuses = async (token: string) => {
      const [b, a] = await Promise.all([sendBefore('/me', token), sendAfter('/me', token)]);
      return [b.status, a.status];
    };
    expect(await statuses(noExpToken)).toEqual(noExp);
    expect(await statuses(justExpiredToken)).toEqual(justExpired);
  });
});

describe('migrating requiredScopes to requireScope', () => {
  it('refuses a token without the scope with 403 before and after', async () => {
    const sendBefore = await serve(beforeAuth0.createApp(issuer));
    const sendAfter = await serve(afterAuth0.createApp(issuer));
    const scopedToken = await issuer.mint({ claims: { scope: 'read:orders' } });
    const unscoped = await issuer.mint({ claims: { scope: 'profile' } });
    for (const [token, status] of [
      [scopedToken, 200],
      [unscoped, 403],
    ] as const) {
      const [b, a] = await Promise.all([sendBefore('/orders', token), sendAfter('/orders', token)]);
      expect([b.status, a.status]).toEqual([status, status]);
    }
  });
});
