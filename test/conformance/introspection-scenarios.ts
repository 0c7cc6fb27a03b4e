/**
 * Introspection (RFC 7662) rows, against a real oidc-provider: its opaque tokens are
 * introspected and its JWTs verified locally on the same route; a revoked token turns
 * inactive; an answer for another audience is refused; a DPoP-bound opaque token needs a
 * proof of its key; and an endpoint that goes down answers 503, then serves again after
 * its backoff, with no restart.
 */
import { createDpopProof, type DpopKey, generateDpopKey } from '@jwt-guard/testing';
import { INTROSPECTION_RETRY_MS } from './app-config.js';
import { BOUND_AS_BEARER, OTHER_KEY, onBearer, onDpop } from './binding-scenarios.js';
import {
  accepted,
  bearer,
  refusedToken,
  type Scenario,
  type ScenarioContext,
  type ScenarioRequest,
} from './scenarios.js';

const INACTIVE = 'The access token is not active';
const WRONG_AUDIENCE = 'The access token audience is not accepted';

// Client credentials tokens name no user: the handler reports `sub` as null.
const NO_USER = null;

const provider = (ctx: ScenarioContext) => ctx.issuers.introspection;

let keys: Promise<[DpopKey, DpopKey]> | undefined;
const dpopKeys = () => {
  keys ??= Promise.all([generateDpopKey(), generateDpopKey()]);
  return keys;
};

async function dpopRequest(
  ctx: ScenarioContext,
  signer: 'client' | 'stranger',
  scheme: 'DPoP' | 'Bearer' = 'DPoP',
): Promise<ScenarioRequest> {
  const [client, stranger] = await dpopKeys();
  const token = await provider(ctx).token('opaque', client);
  const path = '/introspect-dpop';
  const proof = await createDpopProof(signer === 'client' ? client : stranger, {
    method: 'GET',
    url: `${ctx.base}${path}`,
    accessToken: token,
  });
  return {
    path,
    headers: [
      ['authorization', `${scheme} ${token}`],
      ['dpop', proof],
    ],
  };
}

// A token the route accepted once, then revoked at the provider.
async function revokedAfterUse(ctx: ScenarioContext): Promise<ScenarioRequest> {
  const token = await provider(ctx).token('opaque');
  const request = { path: '/introspect-live', headers: bearer(token) };
  const before = await ctx.send(request);
  if (before.status !== 200) throw new Error(`before revocation: ${before.status} ${before.body}`);
  await provider(ctx).revoke(token);
  return request;
}

/** The rows. The endpoint rows go in this order: down, then up again. */
export const INTROSPECTION_SCENARIOS: readonly Scenario[] = [
  {
    name: 'introspection: an active opaque token is accepted',
    request: async (ctx) => ({
      path: '/introspect',
      headers: bearer(await provider(ctx).token('opaque')),
    }),
    ...accepted('introspect', NO_USER),
  },
  {
    name: 'introspection: a JWT of the same issuer, on the same route, is verified locally',
    request: async (ctx) => ({
      path: '/introspect',
      headers: bearer(await provider(ctx).token('jwt')),
    }),
    ...accepted('introspect', 'jwt-worker'),
  },
  {
    name: 'introspection: an opaque token revoked after use is inactive',
    request: revokedAfterUse,
    ...refusedToken(INACTIVE),
  },
  {
    name: 'introspection: a token the provider never issued is inactive',
    request: async () => ({ path: '/introspect', headers: bearer('never-issued-opaque-token') }),
    ...refusedToken(INACTIVE),
  },
  {
    name: 'introspection: an answer for another audience is refused',
    request: async (ctx) => ({
      path: '/introspect-audience',
      headers: bearer(await provider(ctx).token('opaque')),
    }),
    ...refusedToken(WRONG_AUDIENCE),
  },
  {
    name: 'introspection: a DPoP-bound opaque token with a proof of its key is accepted',
    request: (ctx) => dpopRequest(ctx, 'client'),
    fresh: true,
    ...accepted('introspect-dpop', NO_USER),
  },
  {
    name: "introspection: a DPoP-bound opaque token with another key's proof is refused",
    request: (ctx) => dpopRequest(ctx, 'stranger'),
    fresh: true,
    ...onDpop('invalid_token', OTHER_KEY),
  },
  {
    name: 'introspection: a DPoP-bound opaque token sent as Bearer is refused',
    request: (ctx) => dpopRequest(ctx, 'client', 'Bearer'),
    fresh: true,
    ...onBearer(BOUND_AS_BEARER),
  },
  {
    name: 'introspection: the endpoint down is 503 with Retry-After, never 401',
    request: async (ctx) => {
      provider(ctx).setIntrospectionDown(true);
      return { path: '/introspect-flaky', headers: bearer(await provider(ctx).token('opaque')) };
    },
    fresh: true,
    status: 503,
    challenge: null,
    body: 'Service Unavailable',
  },
  {
    name: 'introspection: the endpoint up again serves after its backoff, with no restart',
    request: async (ctx) => {
      provider(ctx).setIntrospectionDown(false);
      await new Promise((resolve) => setTimeout(resolve, INTROSPECTION_RETRY_MS + 100));
      return { path: '/introspect-flaky', headers: bearer(await provider(ctx).token('opaque')) };
    },
    ...accepted('introspect-flaky', NO_USER),
  },
];
