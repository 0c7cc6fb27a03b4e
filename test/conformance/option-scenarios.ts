/**
 * Routes with options beyond the defaults: a claim guard, optional auth, RFC 9068 `at+jwt`
 * only, a bound on token age, HMAC with a secret; and the default `typ` policy
 * (RFC 8725 §3.11).
 */
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { REQUIRED_CLAIM } from './app-config.js';
import {
  accepted,
  BAD_SIGNATURE,
  bearer,
  NO_CREDENTIALS,
  payloadOf,
  refusedToken,
  type Scenario,
  type ScenarioContext,
  WRONG_TYPE,
} from './scenarios.js';

const CLAIM_FAILED = 'The access token does not satisfy a required claim';

const hs256 = async (ctx: ScenarioContext, secret: string) =>
  new SignJWT(await payloadOf(ctx.issuer))
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(secret));

const typed =
  (path: string, typ: string | undefined) =>
  async ({ issuer }: ScenarioContext) => ({
    path,
    headers: bearer(await issuer.mint({ header: { typ } })),
  });

/** The option rows. */
export const OPTION_SCENARIOS: readonly Scenario[] = [
  ...['secevent+jwt', 'dpop+jwt', 'application/secevent+jwt'].map(
    (typ): Scenario => ({
      name: `foreign typ ${typ}`,
      request: typed('/me', typ),
      ...refusedToken(WRONG_TYPE),
    }),
  ),
  ...['JWT', 'application/jwt', undefined].map(
    (typ): Scenario => ({
      name: `typ ${typ ?? 'absent'} by default`,
      request: typed('/me', typ),
      ...accepted('me'),
    }),
  ),
  {
    name: 'requireClaim: the claim holds the value',
    request: async ({ issuer }) => ({
      path: '/claim',
      headers: bearer(await issuer.mint({ claims: { [REQUIRED_CLAIM[0]]: REQUIRED_CLAIM[1] } })),
    }),
    ...accepted('claim'),
  },
  {
    name: 'requireClaim: another value',
    request: async ({ issuer }) => ({
      path: '/claim',
      headers: bearer(await issuer.mint({ claims: { [REQUIRED_CLAIM[0]]: 'other' } })),
    }),
    status: 403,
    challenge: `Bearer realm="api", error="insufficient_scope", error_description="${CLAIM_FAILED}"`,
    body: CLAIM_FAILED,
  },
  {
    name: 'optional auth: no token runs the handler without auth',
    request: async () => ({ path: '/optional' }),
    ...accepted('optional', null),
  },
  {
    name: 'optional auth: a valid token is verified',
    request: async ({ issuer }) => ({ path: '/optional', headers: bearer(await issuer.mint()) }),
    ...accepted('optional'),
  },
  {
    name: 'optional auth: a bad token is still refused',
    request: async ({ issuer }) => ({
      path: '/optional',
      headers: bearer(await issuer.mint({ expiresIn: -60 })),
    }),
    ...refusedToken('The access token has expired'),
  },
  {
    name: 'optional auth: another scheme is no token',
    request: async () => ({ path: '/optional', headers: [['authorization', 'Basic dXNlcg==']] }),
    ...accepted('optional', null),
  },
  ...['JWT', undefined].map(
    (typ): Scenario => ({
      name: `requireAtJwt: typ ${typ ?? 'absent'} is refused`,
      request: typed('/at-jwt', typ),
      ...refusedToken(WRONG_TYPE),
    }),
  ),
  ...['at+jwt', 'application/AT+JWT'].map(
    (typ): Scenario => ({
      name: `requireAtJwt: typ ${typ} is accepted`,
      request: typed('/at-jwt', typ),
      ...accepted('at-jwt'),
    }),
  ),
  {
    name: 'maxTokenAge: a token issued an hour ago',
    request: async ({ issuer }) => ({
      path: '/max-age',
      headers: bearer(await issuer.mint({ claims: { iat: Math.floor(Date.now() / 1000) - 3600 } })),
    }),
    ...refusedToken('The access token was issued too long ago'),
  },
  {
    name: 'maxTokenAge: a token issued now',
    request: async ({ issuer }) => ({ path: '/max-age', headers: bearer(await issuer.mint()) }),
    ...accepted('max-age'),
  },
  {
    name: 'HMAC route: HS256 with the secret',
    request: async (ctx) => ({
      path: '/hmac',
      headers: bearer(await hs256(ctx, ctx.issuers.hmacSecret)),
    }),
    ...accepted('hmac'),
  },
  {
    name: 'HMAC route: HS256 with another secret',
    request: async (ctx) => ({
      path: '/hmac',
      headers: bearer(await hs256(ctx, randomBytes(48).toString('base64url'))),
    }),
    ...refusedToken(BAD_SIGNATURE),
  },
  {
    name: "HMAC route: an RS256 token from the issuer's keys",
    request: async ({ issuer }) => ({ path: '/hmac', headers: bearer(await issuer.mint()) }),
    ...refusedToken('The access token algorithm is not allowed'),
  },
  {
    name: 'HMAC route without a token',
    request: async () => ({ path: '/hmac' }),
    ...NO_CREDENTIALS,
  },
];
