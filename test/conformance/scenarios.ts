/**
 * One table of request scenarios with the exact answer every adapter must give: status,
 * `WWW-Authenticate`, body. Run against Express, Koa and Hono on Node, and Hono on
 * workerd, Bun and Deno; none of the expectations depends on the framework.
 */

import { createHmac } from 'node:crypto';
import type { TestIssuer, TestKey } from '@jwt-guard/testing';
import { base64url, exportSPKI } from 'jose';
import type { TargetIssuers } from './target-issuers.js';

/** What a scenario may use: the issuers the app trusts, an attacker's server, a way to send. */
export interface ScenarioContext {
  /** The main issuer, behind most routes. */
  readonly issuer: TestIssuer;
  /** Every issuer of the target, the main one included, and the HMAC secret. */
  readonly issuers: TargetIssuers;
  /** A server on 127.0.0.1 that counts requests; nothing should ever reach it. */
  readonly attackerUrl: string;
  /** The app's base URL, as requests reach it (`http://127.0.0.1:<port>`). */
  readonly base: string;
  readonly send: (request: ScenarioRequest) => Promise<ScenarioResponse>;
}

/** A request: method (default GET), path, raw header pairs (a name may repeat), body. */
export interface ScenarioRequest {
  readonly method?: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  readonly body?: string;
}

/** What came back. */
export interface ScenarioResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

/** The answer a request must get. */
export interface Answer {
  readonly status: number;
  /** Exact `WWW-Authenticate`; `null` when there must be none. */
  readonly challenge: string | null;
  /** Exact body; a failure's body also shows the handler did not run. */
  readonly body: string;
}

/** One row of the table. */
export interface Scenario extends Answer {
  readonly name: string;
  readonly request: (ctx: ScenarioContext) => Promise<ScenarioRequest>;
  /**
   * Build the request anew for its repetition: for requests that may be used once, such as
   * a valid DPoP proof (its repetition is a replay, which a row of its own checks).
   */
  readonly fresh?: boolean;
  /**
   * The answer on a named target whose HTTP server refuses or rewrites the request before
   * any app code runs: @hono/node-server answers 400 itself to a `Host` that is no
   * authority, workerd 500, and Deno joins `Host` and target into `Request.url` unparsed.
   */
  readonly on?: Readonly<Record<string, Answer>>;
}

export const bearer = (token: string) => [['authorization', `Bearer ${token}`]] as const;
export const enc = (value: unknown) => base64url.encode(JSON.stringify(value));
export const ok = (handler: string, sub: string | null = 'user-123') =>
  JSON.stringify({ handler, sub });

export const BARE = 'Bearer realm="api"';
export const invalidToken = (description: string) =>
  `Bearer realm="api", error="invalid_token", error_description="${description}"`;
export const invalidRequest = (description: string) =>
  `Bearer realm="api", error="invalid_request", error_description="${description}"`;

/** The target's stranger key (published by no issuer) under `kid`. */
export const strangerKey = ({ stranger }: TargetIssuers, kid: string): TestKey => ({
  ...stranger,
  kid,
  publicJwk: { ...stranger.publicJwk, kid },
});

/** Fixed descriptions of the refusals the table checks most. */
export const TOO_MANY = 'More than one access token was presented';
export const MALFORMED_HEADER = 'The Authorization header is malformed';
export const WRONG_TYPE = 'The access token type is not allowed';
export const BAD_SIGNATURE = 'The access token signature is invalid';

/** 200: the handler ran, for `sub` (`null`: no token on an optional route). */
export const accepted = (handler: string, sub?: string | null): Answer => ({
  status: 200,
  challenge: null,
  body: ok(handler, sub),
});
/** 401 `invalid_token`. */
export const refusedToken = (description: string): Answer => ({
  status: 401,
  challenge: invalidToken(description),
  body: description,
});
/** 400 `invalid_request`. */
export const badRequest = (description: string): Answer => ({
  status: 400,
  challenge: invalidRequest(description),
  body: description,
});
/** 401 with a bare challenge: the request carries no credentials the route reads. */
export const NO_CREDENTIALS: Answer = {
  status: 401,
  challenge: BARE,
  body: 'Authentication is required',
};
/** 503 without a challenge (and, checked by the fixture, with `Retry-After`). */
export const UNAVAILABLE: Answer = { status: 503, challenge: null, body: 'Service Unavailable' };

/** The claims of a token, decoded without verification. */
export const claimsOf = (token: string) =>
  JSON.parse(new TextDecoder().decode(base64url.decode(token.split('.')[1] as string)));
/** The claims of a fresh token of `issuer`. */
export const payloadOf = async (issuer: TestIssuer) => claimsOf(await issuer.mint());

/** The scenarios every adapter must answer alike. */
export const SCENARIOS: readonly Scenario[] = [
  ...(['RS256', 'ES256', 'EdDSA'] as const).map(
    (alg): Scenario => ({
      name: `valid ${alg} token`,
      request: async ({ issuer }) => ({ path: '/me', headers: bearer(await issuer.mint({ alg })) }),
      status: 200,
      challenge: null,
      body: ok('me'),
    }),
  ),
  {
    name: 'public route without a token',
    request: async () => ({ path: '/public' }),
    status: 200,
    challenge: null,
    body: 'public',
  },
  {
    name: 'no token',
    request: async () => ({ path: '/me' }),
    status: 401,
    challenge: BARE,
    body: 'Authentication is required',
  },
  {
    name: 'another scheme (Basic)',
    request: async () => ({ path: '/me', headers: [['authorization', 'Basic dXNlcjpwYXNz']] }),
    status: 401,
    challenge: BARE,
    body: 'Authentication is required',
  },
  {
    name: 'Bearer without a token',
    request: async () => ({ path: '/me', headers: [['authorization', 'Bearer']] }),
    status: 400,
    challenge: invalidRequest('The Authorization header is malformed'),
    body: 'The Authorization header is malformed',
  },
  {
    name: 'token in header and query (two methods)',
    request: async ({ issuer }) => {
      const token = await issuer.mint();
      return { path: `/me?access_token=${token}`, headers: bearer(token) };
    },
    status: 400,
    challenge: invalidRequest('More than one access token was presented'),
    body: 'More than one access token was presented',
  },
  {
    name: 'Authorization header sent twice',
    request: async ({ issuer }) => {
      const token = await issuer.mint();
      return { path: '/me', headers: [...bearer(token), ...bearer(token)] };
    },
    status: 400,
    // Node keeps both lines; Fetch runtimes join them with ", ": both are the same refusal.
    challenge: invalidRequest('More than one access token was presented'),
    body: 'More than one access token was presented',
  },
  {
    name: 'malformed token',
    request: async () => ({ path: '/me', headers: bearer('not-a-jwt') }),
    status: 401,
    challenge: invalidToken('The access token is malformed'),
    body: 'The access token is malformed',
  },
  {
    name: 'padded base64url segment',
    request: async ({ issuer }) => {
      const [h, p, s] = (await issuer.mint()).split('.');
      return { path: '/me', headers: bearer(`${h}.${p}.${s}==`) };
    },
    status: 401,
    challenge: invalidToken('The access token is malformed'),
    body: 'The access token is malformed',
  },
  ...['none', 'NONE', 'nOnE'].map(
    (alg): Scenario => ({
      name: `alg ${alg}`,
      request: async ({ issuer }) => ({
        path: '/me',
        headers: bearer(`${enc({ alg, typ: 'JWT' })}.${enc(await payloadOf(issuer))}.`),
      }),
      status: 401,
      challenge: invalidToken('The access token is malformed'),
      body: 'The access token is malformed',
    }),
  ),
  {
    name: 'alg none with a dummy signature',
    request: async ({ issuer }) => ({
      path: '/me',
      headers: bearer(`${enc({ alg: 'none' })}.${enc(await payloadOf(issuer))}.c2ln`),
    }),
    status: 401,
    challenge: invalidToken('The access token algorithm is not allowed'),
    body: 'The access token algorithm is not allowed',
  },
  {
    name: 'HS256 signed with the RSA public key (key confusion)',
    request: async ({ issuer }) => {
      const key = issuer.keys.find((k) => k.alg === 'RS256')!;
      const input = `${enc({ alg: 'HS256', kid: key.kid })}.${enc(await payloadOf(issuer))}`;
      const mac = createHmac('sha256', await exportSPKI(key.publicKey))
        .update(input)
        .digest('base64url');
      return { path: '/me', headers: bearer(`${input}.${mac}`) };
    },
    status: 401,
    challenge: invalidToken('The access token algorithm is not allowed'),
    body: 'The access token algorithm is not allowed',
  },
  ...(['jwk', 'jku', 'x5u', 'x5c'] as const).map(
    (member): Scenario => ({
      name: `attacker key through an embedded ${member}`,
      request: async ({ issuer, issuers, attackerUrl }) => {
        const evil = strangerKey(issuers, 'rs256-1');
        const value =
          member === 'jwk'
            ? evil.publicJwk
            : member === 'x5c'
              ? [Buffer.from('an attacker certificate').toString('base64')]
              : `${attackerUrl}/jwks.json`;
        return {
          path: '/me',
          headers: bearer(await issuer.mint({ key: evil, header: { [member]: value } })),
        };
      },
      status: 401,
      challenge: invalidToken('The access token signature is invalid'),
      body: 'The access token signature is invalid',
    }),
  ),
  {
    name: 'tampered payload',
    request: async ({ issuer }) => {
      const [h, , s] = (await issuer.mint()).split('.');
      const payload = { ...(await payloadOf(issuer)), roles: ['admin'] };
      return { path: '/admin', headers: bearer(`${h}.${enc(payload)}.${s}`) };
    },
    status: 401,
    challenge: invalidToken('The access token signature is invalid'),
    body: 'The access token signature is invalid',
  },
  {
    name: 'expired',
    request: async ({ issuer }) => ({
      path: '/me',
      headers: bearer(await issuer.mint({ expiresIn: -60 })),
    }),
    status: 401,
    challenge: invalidToken('The access token has expired'),
    body: 'The access token has expired',
  },
  {
    name: 'expired within the clock tolerance',
    request: async ({ issuer }) => ({
      path: '/me',
      headers: bearer(await issuer.mint({ expiresIn: -2 })),
    }),
    status: 200,
    challenge: null,
    body: ok('me'),
  },
  {
    name: 'not yet valid',
    request: async ({ issuer }) => ({
      path: '/me',
      headers: bearer(await issuer.mint({ notBefore: 120 })),
    }),
    status: 401,
    challenge: invalidToken('The access token is not yet valid'),
    body: 'The access token is not yet valid',
  },
  {
    name: 'wrong issuer',
    request: async ({ issuer }) => ({
      path: '/me',
      headers: bearer(await issuer.mint({ claims: { iss: `${issuer.issuer}/` } })),
    }),
    status: 401,
    challenge: invalidToken('The access token issuer is not accepted'),
    body: 'The access token issuer is not accepted',
  },
  {
    name: 'wrong audience',
    request: async ({ issuer }) => ({
      path: '/me',
      headers: bearer(await issuer.mint({ claims: { aud: 'https://other.example.test' } })),
    }),
    status: 401,
    challenge: invalidToken('The access token audience is not accepted'),
    body: 'The access token audience is not accepted',
  },
  {
    name: 'audience array that contains ours',
    request: async ({ issuer }) => ({
      path: '/me',
      headers: bearer(
        await issuer.mint({ claims: { aud: ['https://other.example.test', issuer.audience] } }),
      ),
    }),
    status: 200,
    challenge: null,
    body: ok('me'),
  },
  {
    name: 'missing exp',
    request: async ({ issuer }) => ({
      path: '/me',
      headers: bearer(await issuer.mint({ omit: ['exp'] })),
    }),
    status: 401,
    challenge: invalidToken('The access token claims are invalid'),
    body: 'The access token claims are invalid',
  },
  {
    name: 'unknown kid',
    request: async ({ issuer, issuers }) => {
      const stranger = strangerKey(issuers, 'never-published');
      return { path: '/me', headers: bearer(await issuer.mint({ key: stranger })) };
    },
    status: 401,
    challenge: invalidToken('No signing key matches the access token'),
    body: 'No signing key matches the access token',
  },
  {
    name: 'scope present',
    request: async ({ issuer }) => ({
      path: '/orders',
      headers: bearer(await issuer.mint({ claims: { scope: 'read:profile read:orders' } })),
    }),
    status: 200,
    challenge: null,
    body: ok('orders'),
  },
  {
    name: 'insufficient scope',
    request: async ({ issuer }) => ({
      path: '/orders',
      headers: bearer(await issuer.mint({ claims: { scope: 'read:profile read:orders:all' } })),
    }),
    status: 403,
    challenge:
      'Bearer realm="api", error="insufficient_scope", error_description="The access token lacks a required scope", scope="read:orders"',
    body: 'The access token lacks a required scope',
  },
  {
    name: 'role present',
    request: async ({ issuer }) => ({
      path: '/admin',
      headers: bearer(await issuer.mint({ claims: { roles: ['user', 'admin'] } })),
    }),
    status: 200,
    challenge: null,
    body: ok('admin'),
  },
  {
    name: 'role absent',
    request: async ({ issuer }) => ({
      path: '/admin',
      headers: bearer(await issuer.mint({ claims: { roles: ['user'] } })),
    }),
    status: 403,
    challenge:
      'Bearer realm="api", error="insufficient_scope", error_description="The access token lacks a required role"',
    body: 'The access token lacks a required role',
  },
  {
    name: 'guarded route without a token',
    request: async () => ({ path: '/admin' }),
    status: 401,
    challenge: BARE,
    body: 'Authentication is required',
  },
  {
    name: 'issuer down: 503 without a challenge',
    // A token that claims the down issuer: any other is refused before it is asked.
    request: async ({ issuer, issuers }) => ({
      path: '/down',
      headers: bearer(await issuer.mint({ claims: { iss: issuers.config.downIssuer } })),
    }),
    status: 503,
    challenge: null,
    body: 'Service Unavailable',
  },
];

/** Rotation changes the issuer's keys, so it runs after every other table row. */
export const ROTATION_SCENARIO: Scenario = {
  name: 'rotation: a new key is accepted on first sight',
  request: async ({ issuer, send }) => {
    const warm = await send({ path: '/rotation', headers: bearer(await issuer.mint()) });
    if (warm.status !== 200) throw new Error(`warm-up answered ${warm.status}`);
    await issuer.rotate({ keepPrevious: true });
    return { path: '/rotation', headers: bearer(await issuer.mint()) };
  },
  status: 200,
  challenge: null,
  body: ok('rotation'),
};
