/**
 * Sender-constrained tokens: DPoP (RFC 9449) beside Bearer, DPoP alone and with server
 * nonces; and certificate-bound tokens (RFC 8705) behind a trusted proxy's `Client-Cert`
 * header (RFC 9440), which every runtime can be given. Proofs are made per request: a valid
 * proof used twice is a replay, which a row of its own checks.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createDpopProof, type DpopKey, generateDpopKey } from '@jwt-guard/testing';
import { base64url } from 'jose';
import { CERTIFICATE_HEADER, DPOP_PUBLIC_ORIGIN } from './app-config.js';
import {
  type Answer,
  accepted,
  BARE,
  bearer,
  type Scenario,
  type ScenarioContext,
  type ScenarioRequest,
} from './scenarios.js';

const ALGS = 'ES256 ES384 ES512 RS256 RS384 RS512 PS256 PS384 PS512 EdDSA';
const DPOP = `DPoP realm="api", algs="${ALGS}"`;
const PROOF_INVALID = 'The DPoP proof is invalid';
const NONCE_NEEDED = 'A DPoP nonce is required';
export const OTHER_KEY = 'The access token is bound to another DPoP key';
export const BOUND_AS_BEARER = 'The access token is DPoP-bound and needs the DPoP scheme';
const OTHER_CERTIFICATE = 'The access token is bound to another client certificate';

/** Both schemes accepted: the error goes on the challenge of the scheme the request used. */
export const onDpop = (error: string, description: string) => ({
  status: 401,
  challenge: `${BARE}, ${DPOP}, error="${error}", error_description="${description}"`,
  body: description,
});
/** {@link onDpop} for a request that used the Bearer scheme. */
export const onBearer = (description: string) => ({
  status: 401,
  challenge: `${BARE}, error="invalid_token", error_description="${description}", ${DPOP}`,
  body: description,
});

// One client key for the whole table, and one stranger's.
let keys: Promise<{ client: DpopKey; stranger: DpopKey }> | undefined;
const dpopKeys = () => {
  keys ??= Promise.all([generateDpopKey(), generateDpopKey()]).then(([client, stranger]) => ({
    client: client as DpopKey,
    stranger: stranger as DpopKey,
  }));
  return keys;
};

interface DpopRequest {
  readonly path?: string;
  /** The token's binding: the client's key (default), none, or given claims. */
  readonly cnf?: 'client' | 'none';
  /** The proof: changes to make it wrong, `null` for none, or two. */
  readonly proof?: null | 'two' | Partial<Parameters<typeof createDpopProof>[1]>;
  readonly signer?: 'client' | 'stranger';
  readonly scheme?: 'DPoP' | 'Bearer';
  readonly nonce?: string;
  /** The `Host` to send, from the app's own authority (default: the app's own). */
  readonly host?: (authority: string) => string;
  /** The URL the proof names (default: the app's base and `path`). */
  readonly htu?: (base: string) => string;
}

async function dpopRequest(
  ctx: ScenarioContext,
  options: DpopRequest = {},
): Promise<ScenarioRequest> {
  const { client, stranger } = await dpopKeys();
  const path = options.path ?? '/dpop';
  const token = await ctx.issuer.mint(
    options.cnf === 'none' ? {} : { claims: { cnf: { jkt: client.jkt } } },
  );
  const scheme = options.scheme ?? 'DPoP';
  const headers: [string, string][] = [['authorization', `${scheme} ${token}`]];
  if (options.host) headers.push(['host', options.host(new URL(ctx.base).host)]);
  if (options.proof !== null) {
    const proof = await createDpopProof(options.signer === 'stranger' ? stranger : client, {
      method: 'GET',
      url: options.htu ? options.htu(ctx.base) : `${ctx.base}${path}`,
      accessToken: token,
      ...(options.nonce === undefined ? {} : { nonce: options.nonce }),
      ...(options.proof === 'two' || options.proof === undefined ? {} : options.proof),
    });
    headers.push(['dpop', proof]);
    if (options.proof === 'two') headers.push(['dpop', proof]);
  }
  return { path, headers };
}

// A nonce as the server hands it out: from the answer to a proof without one.
async function serverNonce(ctx: ScenarioContext): Promise<string> {
  const answer = await ctx.send(await dpopRequest(ctx, { path: '/dpop-nonce' }));
  const nonce = answer.headers['dpop-nonce'];
  if (!nonce) throw new Error(`no DPoP-Nonce in a ${answer.status} answer`);
  return nonce;
}

// Stands in for a client certificate's DER: the binding hashes the bytes, whatever they are.
const certificate = randomBytes(96);
const otherCertificate = randomBytes(96);
const thumbprint = (der: Buffer) => base64url.encode(createHash('sha256').update(der).digest());
const clientCertHeader = (der: Buffer) => `:${der.toString('base64')}:`;

async function mtlsRequest(
  ctx: ScenarioContext,
  bound: boolean,
  presented: Buffer | undefined,
): Promise<ScenarioRequest> {
  const claims = bound ? { cnf: { 'x5t#S256': thumbprint(certificate) } } : {};
  const token = await ctx.issuer.mint({ claims });
  const headers: [string, string][] = [['authorization', `Bearer ${token}`]];
  if (presented) headers.push([CERTIFICATE_HEADER, clientCertHeader(presented)]);
  return { path: '/mtls-header', headers };
}

// Issue 19 §1.6: the URL a proof is compared with comes from publicOrigin when set, else from
// a Host that is a valid authority; the path is the request target's.
const BAD_URL = 'The Host header or request target is invalid';
const URL_REFUSED: Answer = {
  status: 400,
  challenge: `${BARE}, ${DPOP}, error="invalid_request", error_description="${BAD_URL}"`,
  body: BAD_URL,
};
// Runtimes that refuse such a Host before any app code runs: no handler, no challenge.
const NODE_SERVER_REFUSED: Answer = { status: 400, challenge: null, body: '' };
const WORKERD_REFUSED: Answer = { status: 500, challenge: null, body: 'Internal Server Error' };
const ON_WORKERD = {
  'hono on workerd': WORKERD_REFUSED,
  'hono on workerd with nodejs_compat': WORKERD_REFUSED,
  'next on edge (workerd)': WORKERD_REFUSED,
};
// Hono cannot route such a request on Bun, whose Request.url is then the bare target, nor
// on Deno for a Host with a path: Deno joins Host and target into Request.url as they are,
// so `Host: h/prefix` on `/x` is a request for `/prefix/x` (routed and compared as such),
// and the app has no such route.
const NOT_ROUTED: Answer = { status: 404, challenge: null, body: '404 Not Found' };
// Next's route handlers on Node are served here through the same fetch bridge as Hono.
const ON_RUNTIMES = {
  'hono on node': NODE_SERVER_REFUSED,
  'next on node': NODE_SERVER_REFUSED,
  ...ON_WORKERD,
  'hono on bun': NOT_ROUTED,
};

const HOST_SCENARIOS: readonly Scenario[] = [
  ...(['?', '#'] as const).map(
    (mark): Scenario => ({
      name: `DPoP: a Host ending in ${mark} is refused with 400, a proof for / included`,
      request: (ctx) =>
        dpopRequest(ctx, { host: (authority) => `${authority}${mark}`, htu: (base) => `${base}/` }),
      ...URL_REFUSED,
      on: ON_RUNTIMES,
    }),
  ),
  {
    name: 'DPoP: under a Host with a path, a proof for that path and the target is refused',
    request: (ctx) =>
      dpopRequest(ctx, {
        host: (authority) => `${authority}/prefix`,
        htu: (base) => `${base}/prefix/dpop`,
      }),
    ...URL_REFUSED,
    on: { ...ON_RUNTIMES, 'hono on deno': NOT_ROUTED },
  },
  {
    name: 'DPoP with publicOrigin: a proof for it and the target path, whatever the Host',
    request: (ctx) =>
      dpopRequest(ctx, {
        path: '/dpop-public',
        host: () => 'inner.example:8080',
        htu: () => `${DPOP_PUBLIC_ORIGIN}/dpop-public`,
      }),
    fresh: true,
    ...accepted('dpop-public'),
  },
  {
    name: 'DPoP with publicOrigin: a Host that is no authority is not read',
    request: (ctx) =>
      dpopRequest(ctx, {
        path: '/dpop-public',
        host: (authority) => `${authority}/prefix`,
        htu: () => `${DPOP_PUBLIC_ORIGIN}/dpop-public`,
      }),
    fresh: true,
    ...accepted('dpop-public'),
    on: { ...ON_RUNTIMES, 'hono on deno': NOT_ROUTED },
  },
  {
    name: 'DPoP with publicOrigin: a proof for the URL the Host names is refused',
    request: (ctx) =>
      dpopRequest(ctx, {
        path: '/dpop-public',
        host: () => 'inner.example:8080',
        htu: () => 'http://inner.example:8080/dpop-public',
      }),
    ...onDpop('invalid_dpop_proof', PROOF_INVALID),
  },
];

/** The rows. */
export const BINDING_SCENARIOS: readonly Scenario[] = [
  {
    name: 'DPoP: a bound token with a valid proof',
    request: (ctx) => dpopRequest(ctx),
    fresh: true,
    ...accepted('dpop'),
  },
  {
    name: 'DPoP: a plain bearer token is still accepted beside',
    request: async ({ issuer }) => ({ path: '/dpop', headers: bearer(await issuer.mint()) }),
    ...accepted('dpop'),
  },
  {
    name: 'DPoP: a bound token sent as Bearer',
    request: (ctx) => dpopRequest(ctx, { scheme: 'Bearer', proof: null }),
    ...onBearer(BOUND_AS_BEARER),
  },
  {
    name: 'DPoP: a bound token sent as Bearer where DPoP is off',
    request: (ctx) => dpopRequest(ctx, { path: '/me', scheme: 'Bearer', proof: null }),
    status: 401,
    challenge: `${BARE}, error="invalid_token", error_description="${BOUND_AS_BEARER}"`,
    body: BOUND_AS_BEARER,
  },
  {
    name: 'DPoP: a replayed proof',
    request: async (ctx) => {
      const request = await dpopRequest(ctx);
      const first = await ctx.send(request);
      if (first.status !== 200) throw new Error(`the first use answered ${first.status}`);
      return request;
    },
    ...onDpop('invalid_dpop_proof', PROOF_INVALID),
  },
  ...(
    [
      ['another method (htm)', { method: 'POST' }],
      ['another URL (htu)', { url: 'http://127.0.0.1:1/dpop' }],
      ['another token (ath)', { accessToken: 'another.access.token' }],
      ['an iat ten minutes old', { iat: Math.floor(Date.now() / 1000) - 600 }],
      ['typ jwt', { header: { typ: 'jwt' } }],
    ] as const
  ).map(
    ([what, proof]): Scenario => ({
      name: `DPoP: a proof with ${what}`,
      request: (ctx) => dpopRequest(ctx, { proof }),
      ...onDpop('invalid_dpop_proof', PROOF_INVALID),
    }),
  ),
  {
    name: 'DPoP: no DPoP header',
    request: (ctx) => dpopRequest(ctx, { proof: null }),
    ...onDpop('invalid_dpop_proof', PROOF_INVALID),
  },
  {
    name: 'DPoP: two DPoP headers',
    request: (ctx) => dpopRequest(ctx, { proof: 'two' }),
    ...onDpop('invalid_dpop_proof', PROOF_INVALID),
  },
  {
    name: 'DPoP: a valid proof by another key than the token’s',
    request: (ctx) => dpopRequest(ctx, { signer: 'stranger' }),
    fresh: true,
    ...onDpop('invalid_token', OTHER_KEY),
  },
  {
    name: 'DPoP: an unbound token with the DPoP scheme',
    request: (ctx) => dpopRequest(ctx, { cnf: 'none' }),
    fresh: true,
    ...onDpop('invalid_token', OTHER_KEY),
  },
  {
    name: 'DPoP required: a bearer token gets the DPoP challenge alone',
    request: async ({ issuer }) => ({ path: '/dpop-only', headers: bearer(await issuer.mint()) }),
    status: 401,
    challenge: DPOP,
    body: 'Authentication is required',
  },
  {
    name: 'DPoP required: a bound token with a valid proof',
    request: (ctx) => dpopRequest(ctx, { path: '/dpop-only' }),
    fresh: true,
    ...accepted('dpop-only'),
  },
  {
    name: 'DPoP nonces: a proof without one gets use_dpop_nonce',
    request: (ctx) => dpopRequest(ctx, { path: '/dpop-nonce' }),
    fresh: true,
    ...onDpop('use_dpop_nonce', NONCE_NEEDED),
  },
  {
    name: 'DPoP nonces: a proof with the server’s nonce',
    request: async (ctx) =>
      dpopRequest(ctx, { path: '/dpop-nonce', nonce: await serverNonce(ctx) }),
    fresh: true,
    ...accepted('dpop-nonce'),
  },
  ...HOST_SCENARIOS,
  {
    name: 'certificate-bound: the certificate the token names, from the trusted header',
    request: (ctx) => mtlsRequest(ctx, true, certificate),
    ...accepted('mtls-header'),
  },
  {
    name: 'certificate-bound: another certificate',
    request: (ctx) => mtlsRequest(ctx, true, otherCertificate),
    status: 401,
    challenge: `${BARE}, error="invalid_token", error_description="${OTHER_CERTIFICATE}"`,
    body: OTHER_CERTIFICATE,
  },
  {
    name: 'certificate-bound: no certificate',
    request: (ctx) => mtlsRequest(ctx, true, undefined),
    status: 401,
    challenge: `${BARE}, error="invalid_token", error_description="${OTHER_CERTIFICATE}"`,
    body: OTHER_CERTIFICATE,
  },
  {
    name: 'certificate-bound: an unbound token needs none',
    request: (ctx) => mtlsRequest(ctx, false, undefined),
    ...accepted('mtls-header'),
  },
];
