/**
 * Forged and malformed input, answered alike by every adapter (SECURITY.md; issue 5).
 * Each row names the attack; none may reach a handler, crash, or take the server down.
 */
import { createHmac } from 'node:crypto';
import { signRaw, type TestIssuer } from '@jwt-guard/testing';
import { base64url } from 'jose';
import {
  accepted,
  bearer,
  claimsOf,
  enc,
  invalidToken,
  ok,
  payloadOf,
  type Scenario,
  strangerKey,
} from './scenarios.js';

const key = (issuer: TestIssuer, alg: 'RS256' | 'ES256' | 'EdDSA') =>
  issuer.keys.find((k) => k.alg === alg)!;

const refused = (name: string, description: string, build: Scenario['request']): Scenario => ({
  name,
  request: build,
  status: 401,
  challenge: invalidToken(description),
  body: description,
});

const MALFORMED = 'The access token is malformed';
const SIGNATURE = 'The access token signature is invalid';
const NO_KEY = 'No signing key matches the access token';
const HEADER = 'The access token header is not acceptable';
const CLAIMS = 'The access token claims are invalid';

const claimsWith = async (issuer: TestIssuer, extra: Record<string, unknown>) => ({
  ...(await payloadOf(issuer)),
  ...extra,
});

/** The hostile rows. */
export const HOSTILE_SCENARIOS: readonly Scenario[] = [
  refused(
    'HS256 keyed with the public JWK as JSON',
    'The access token algorithm is not allowed',
    async ({ issuer }) => {
      const rsa = key(issuer, 'RS256');
      const input = `${enc({ alg: 'HS256', kid: rsa.kid })}.${enc(await payloadOf(issuer))}`;
      const mac = createHmac('sha256', JSON.stringify(rsa.publicJwk))
        .update(input)
        .digest('base64url');
      return { path: '/me', headers: bearer(`${input}.${mac}`) };
    },
  ),
  ...[
    '../../../etc/passwd',
    "' OR '1'='1",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Log4Shell-style kid, literally.
    '${jndi:ldap://127.0.0.1/a}',
    'kid\u0000null',
    'a'.repeat(2000),
  ].map(
    (kid): Scenario =>
      refused(
        `kid injection ${JSON.stringify(kid.slice(0, 24))}`,
        NO_KEY,
        async ({ issuer, issuers }) => ({
          path: '/me',
          headers: bearer(await issuer.mint({ key: strangerKey(issuers, kid) })),
        }),
      ),
  ),
  refused('psychic ECDSA signature (r = s = 0)', SIGNATURE, async ({ issuer }) => {
    const es = key(issuer, 'ES256');
    const [h, p] = (await issuer.mint({ key: es })).split('.');
    return { path: '/me', headers: bearer(`${h}.${p}.${base64url.encode(new Uint8Array(64))}`) };
  }),
  refused('truncated signature', SIGNATURE, async ({ issuer }) => {
    const [h, p, s] = (await issuer.mint()).split('.') as [string, string, string];
    return { path: '/me', headers: bearer(`${h}.${p}.${s.slice(0, 128)}`) };
  }),
  refused('empty signature', MALFORMED, async ({ issuer }) => {
    const [h, p] = (await issuer.mint()).split('.');
    return { path: '/me', headers: bearer(`${h}.${p}.`) };
  }),
  refused('signature taken from another token', SIGNATURE, async ({ issuer }) => {
    const [h, p] = (await issuer.mint({ claims: { roles: ['admin'] } })).split('.');
    const s = (await issuer.mint()).split('.')[2];
    return { path: '/me', headers: bearer(`${h}.${p}.${s}`) };
  }),
  refused(
    "a forgery sharing a cached token's signature, sent after it",
    SIGNATURE,
    async ({ issuer, send }) => {
      // The genuine token's jti is new, so its cache entry is made here, not by another row.
      const genuine = await issuer.mint({ claims: { roles: ['user'] } });
      const warm = await send({ path: '/me', headers: bearer(genuine) });
      if (warm.status !== 200) throw new Error(`warm-up answered ${warm.status}`);
      const [h, , s] = genuine.split('.');
      const claims = { ...claimsOf(genuine), roles: ['admin'] };
      return { path: '/admin', headers: bearer(`${h}.${enc(claims)}.${s}`) };
    },
  ),
  refused("header alg other than the key's", NO_KEY, async ({ issuer }) => {
    const es = key(issuer, 'ES256');
    return {
      path: '/me',
      headers: bearer(await signRaw(es, { alg: 'RS256', kid: es.kid }, await payloadOf(issuer))),
    };
  }),
  refused('unknown crit extension', HEADER, async ({ issuer }) => {
    const rs = key(issuer, 'RS256');
    const header = {
      alg: 'RS256',
      kid: rs.kid,
      crit: ['urn:example:must-understand'],
      'urn:example:must-understand': 1,
    };
    return { path: '/me', headers: bearer(await signRaw(rs, header, await payloadOf(issuer))) };
  }),
  refused('JWE-shaped five-part token', MALFORMED, async () => ({
    path: '/me',
    headers: bearer(`${enc({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.AAAA.AAAA.AAAA.AAAA`),
  })),
  refused('JWS JSON serialization', MALFORMED, async () => ({
    path: '/me',
    headers: bearer('eyJ9'),
  })),
  ...(
    [
      ['non-JSON payload', 'not json'],
      ['array payload', '[1,2,3]'],
      ['null payload', 'null'],
    ] as const
  ).map(([name, text]) =>
    refused(`${name}, validly signed`, MALFORMED, async ({ issuer }) => {
      const rs = key(issuer, 'RS256');
      return {
        path: '/me',
        headers: bearer(await signRaw(rs, { alg: 'RS256', kid: rs.kid }, text)),
      };
    }),
  ),
  {
    // Valid and under the size cap: it must simply work, without a stack overflow or a stall.
    name: 'deeply nested claims (validly signed, 2500 levels) are handled',
    request: async ({ issuer }) => {
      const rs = key(issuer, 'RS256');
      const claims = JSON.stringify(await payloadOf(issuer));
      const nested = `${claims.slice(0, -1)},"x":${'['.repeat(2500)}${']'.repeat(2500)}}`;
      return {
        path: '/me',
        headers: bearer(await signRaw(rs, { alg: 'RS256', kid: rs.kid }, nested)),
      };
    },
    status: 200,
    challenge: null,
    body: ok('me'),
  },
  ...(
    [
      ['exp as a string', { exp: '4102444800' }],
      ['nbf as a string', { nbf: '0' }],
      ['iat as an object', { iat: { $gt: 0 } }],
      ['exp as 1e400', undefined],
    ] as const
  ).map(([name, extra]) =>
    refused(name, CLAIMS, async ({ issuer }) => {
      const rs = key(issuer, 'RS256');
      const text = extra
        ? JSON.stringify(await claimsWith(issuer, extra))
        : `${JSON.stringify(await payloadOf(issuer)).slice(0, -1)},"exp":1e400}`;
      return {
        path: '/me',
        headers: bearer(await signRaw(rs, { alg: 'RS256', kid: rs.kid }, text)),
      };
    }),
  ),
  {
    // Real tokens with many groups or roles pass 8 KB; the default cap admits any token that
    // fits Node's default 16 KiB of headers.
    name: 'a token with 6 KB of custom claims (validly signed) is accepted',
    request: async ({ issuer }) => {
      const groups = Array.from(
        { length: 200 },
        (_, i) => `group-${String(i).padStart(3, '0')}-${'g'.repeat(20)}`,
      );
      return { path: '/me', headers: bearer(await issuer.mint({ claims: { groups } })) };
    },
    ...accepted('me'),
  },
  refused(
    'a token over 16384 bytes (in a form body)',
    'The access token is too large',
    async ({ issuer }) => {
      const token = await issuer.mint({ claims: { pad: 'x'.repeat(13_000) } });
      return {
        method: 'POST',
        path: '/form',
        headers: [['content-type', 'application/x-www-form-urlencoded']],
        body: `access_token=${token}`,
      };
    },
  ),
  refused('a 6 KiB JOSE header of junk', HEADER, async ({ issuer }) => {
    const rs = key(issuer, 'RS256');
    const header = { alg: 'RS256', kid: rs.kid, crit: ['x'], x: 'y'.repeat(4000) };
    return { path: '/me', headers: bearer(await signRaw(rs, header, await payloadOf(issuer))) };
  }),
  {
    name: '__proto__ in the header is inert',
    request: async ({ issuer }) => {
      const rs = key(issuer, 'RS256');
      const header = `{"alg":"RS256","kid":"${rs.kid}","__proto__":{"alg":"none","crit":["x"],"b64":false}}`;
      return { path: '/me', headers: bearer(await signRaw(rs, header, await payloadOf(issuer))) };
    },
    status: 200,
    challenge: null,
    body: ok('me'),
  },
  {
    name: '__proto__ in the claims never grants a role',
    request: async ({ issuer }) => {
      const rs = key(issuer, 'RS256');
      const text = `${JSON.stringify(await payloadOf(issuer)).slice(0, -1)},"__proto__":{"roles":["admin"]}}`;
      return {
        path: '/admin',
        headers: bearer(await signRaw(rs, { alg: 'RS256', kid: rs.kid }, text)),
      };
    },
    status: 403,
    challenge:
      'Bearer realm="api", error="insufficient_scope", error_description="The access token lacks a required role"',
    body: 'The access token lacks a required role',
  },
];
