/**
 * A user's service as it is written against the published packages, one import per
 * package: compiled (never run) by `consumer-types.test.ts` from the packed tarballs under
 * the strictest settings, on TypeScript 5 and 7.
 */
import { type AuthInfo, createVerifier, type ErrorCode } from '@jwt-guard/core';
import { createGuardMiddlewares, type GuardMiddlewares } from '@jwt-guard/core/adapter';
import { createTokenClient } from '@jwt-guard/core/client';
import { discoveryUrls, type FetchJsonResult, fetchJson } from '@jwt-guard/core/discovery';
import { allOf, hasScopes, type Policy } from '@jwt-guard/core/policy';
import { type PresetOptions, presets } from '@jwt-guard/core/presets';
import { closeOnExpiry, createUpgradeGuard } from '@jwt-guard/core/realtime';
import { createMemoryStore, type SharedStore } from '@jwt-guard/core/store';
import * as ex from '@jwt-guard/express';
import * as fx from '@jwt-guard/fastify';
import * as hn from '@jwt-guard/hono';
import { createTokenIssuer } from '@jwt-guard/issuer';
import * as kx from '@jwt-guard/koa';
import * as nest from '@jwt-guard/nestjs';
import * as nx from '@jwt-guard/next';
import { createOtelListener } from '@jwt-guard/otel';
import { createRedisStore } from '@jwt-guard/redis';
import { createTestIssuer, generateTestKey, type TestIssuer } from '@jwt-guard/testing';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';

const issuer: TestIssuer = await createTestIssuer();
const store = createRedisStore({ url: 'redis://127.0.0.1:6379' });
const denyList = ex.createDenyList({ store });
const options = {
  issuer: issuer.issuer,
  audience: issuer.audience,
  store,
  events: createOtelListener(),
  isRevoked: denyList.isRevoked,
};

// Express: `req.auth` is typed by the adapter's augmentation of `Express.Request`.
const api = express();
api.use(ex.jwtAuth(options));
api.get('/orders', ex.requireScope('read:orders'), ex.requireRole('clerk'), (req, res) => {
  res.json({ sub: req.auth?.payload.sub ?? null });
});
api.get(
  '/users/:userId',
  ex.requirePolicy(
    ex.anyOf((auth, req) => auth.payload.sub === req.params.userId, ex.hasAnyRole('support')),
  ),
  ex.authenticated<{ tid: string }>((req, res) => {
    res.json({ tenant: req.auth.payload.tid });
  }),
);
api.use(ex.jwtErrorHandler());

// Koa: `ctx.state.auth` flows from `jwtAuth` downstream.
const billing = new Koa()
  .use(
    kx.jwtAuth(
      kx.presets.auth0({ domain: 'tenant.eu.auth0.com', audience: 'https://api.example.com' }),
    ),
  )
  .use(kx.requireClaim('tid', 'acme'))
  .use((ctx) => {
    ctx.body = { sub: ctx.state.auth.payload.sub ?? null };
  });

// Hono: `c.get('auth')` is typed by `AuthVariables`; on Workers, options come from bindings.
const gateway = new Hono<{ Variables: hn.AuthVariables }>();
gateway.use('/api/*', hn.jwtAuth({ ...options, store: hn.createMemoryStore() }));
gateway.get('/api/me', hn.requireScope('read:me'), (c) =>
  c.json({ sub: c.get('auth').payload.sub ?? null }),
);
interface Bindings {
  ISSUER: string;
  AUDIENCE: string;
}
const worker = new Hono<{ Bindings: Bindings; Variables: hn.AuthVariables }>();
worker.use(
  '*',
  hn.jwtAuth<{ Bindings: Bindings }>((c) => ({ issuer: c.env.ISSUER, audience: c.env.AUDIENCE })),
);

// Issuing: the token endpoints on each framework, each hook given that framework's request.
const tokens = createTokenIssuer({
  issuer: 'https://api.example.com',
  audience: 'https://api.example.com',
  store: hn.createMemoryStore(),
  keys: { encryptionSecret: 'a-secret-of-at-least-thirty-two-bytes!' },
});
const user = (body: Readonly<Record<string, unknown>>) =>
  typeof body.username === 'string' ? { sub: body.username, scope: ['read'] } : undefined;
api.use(
  ex.tokenEndpoints(tokens, {
    authenticate: ({ body, request }) => (request.ip ? user(body) : undefined),
  }),
);
billing.use(
  kx.tokenEndpoints(tokens, {
    authenticate: ({ body, request }) => (request.ip ? user(body) : undefined),
    cookie: true,
    basePath: '/browser',
  }),
);
gateway.route(
  '/',
  hn.tokenEndpoints(tokens, {
    authenticate: async ({ body, request }) =>
      request.req.header('x-client') ? user(body) : undefined,
    csrf: { header: 'X-CSRF' },
  }),
);
// @ts-expect-error: authenticate is required
ex.tokenEndpoints(tokens, {});

// A start-up check and a shared verifier, from the adapter's own import.
const verifier = hn.createVerifier({ issuer: issuer.issuer, audience: issuer.audience });
await verifier.ready();
const auth: AuthInfo = await createVerifier(options).verify(await issuer.mint());

// The error classes are values: `instanceof` works from every adapter's import (TS1362 before).
export function codeOf(error: unknown): ErrorCode | undefined {
  if (error instanceof ex.JwtGuardError) return error.code;
  if (error instanceof kx.JwtGuardError) return error.code;
  if (error instanceof hn.KeysUnavailableError) return error.code;
  if (error instanceof hn.JwtGuardError && error.status === 403) return error.code;
  return undefined;
}
const refused: ErrorCode = new kx.InvalidTokenError('ERR_TOKEN_EXPIRED').code;

// Calling another API with a client-credentials token, from any adapter's import.
const client = kx.createTokenClient({
  issuer: issuer.issuer,
  clientId: 'orders',
  privateKey: (await generateTestKey('ES256', 'client-1')).privateKey,
  audience: 'https://billing.example.com',
});
const invoices: Response = await client.fetch('https://billing.example.com/invoices');

// Core's subpaths, for code without an adapter, and for an adapter's own lifting.
const shared: SharedStore = createMemoryStore();
const fromPreset: PresetOptions = presets.auth0({ domain: 'id.example.com', audience: 'api' });
const readOrders: Policy = allOf(hasScopes('read:orders'));
const upgrade = createUpgradeGuard({ ...options, store: shared });
const guards: GuardMiddlewares<() => void> = createGuardMiddlewares(() => () => undefined);
const metadata: FetchJsonResult = await fetchJson(discoveryUrls(issuer.issuer)[0] ?? '', {
  fetch,
  timeoutMs: 5000,
  maxBytes: 262_144,
});
const direct = createTokenClient({ issuer: issuer.issuer, clientId: 'a', clientSecret: 's' });

export { closeOnExpiry, direct, fromPreset, guards, metadata, readOrders, upgrade };

// Next.js: a route handler with its params promise and the verified token typed.
const protect = nx.jwtAuth(options);
const nextRoute: nx.RouteHandler<{ id: string }> = protect<{ id: string }>(
  async (_request, { auth, params }) =>
    new Response(JSON.stringify({ id: (await params).id, sub: auth.payload.sub ?? null })),
  { scopes: ['read:orders'], policy: readOrders },
);
const nextAuth: Promise<AuthInfo> = protect.authenticate(new Request('https://api.example.com/'));

export { nextAuth, nextRoute };

// The settings must be live: each of these is an error, and tsc fails if one stops being one.
// @ts-expect-error: an audience is a string
ex.jwtAuth({ issuer: issuer.issuer, audience: 42 });
interface Flagged {
  readonly flag?: boolean;
}
// @ts-expect-error: exactOptionalPropertyTypes: an optional member takes no explicit undefined
const flagged: Flagged = { flag: undefined };
// @ts-expect-error: noUncheckedIndexedAccess: an index may be out of range
const first: string = ['a'][0];

export { api, auth, billing, first, flagged, gateway, invoices, refused, worker };

// Fastify: `request.auth` is typed by the plugin's augmentation of `FastifyRequest`.
const shipping = Fastify();
await shipping.register(fx.jwtAuth, options);
shipping.get('/parcels', { preHandler: fx.requireScope('read:parcels') }, async (request) => ({
  sub: request.auth?.payload.sub ?? null,
}));

// NestJS: the module, and the decorators as the functions they are.
const authModule = nest.JwtGuardModule.forRoot(options);
const readParcels: MethodDecorator & ClassDecorator = nest.Scopes('read:parcels');
const openRoute: MethodDecorator & ClassDecorator = nest.Public();

export { authModule, openRoute, readParcels, shipping };
