/**
 * Issue 21: the token endpoints' RFC answers, row by row, on every adapter. Each row is a
 * short session against the app of `apps/token-app-config.ts` (mobile mode at the root,
 * browser mode under `/browser`), asserting status, headers and parsed JSON, never a
 * message text. Every target serves over plain http on 127.0.0.1, so the browser rows also
 * show that no adapter refuses to set the `Secure` cookie there (Koa's cookie library would).
 */
import { expect } from 'vitest';
import {
  BROWSER_BASE,
  DEMO_USER,
  RATE_LIMITED_HEADER,
  RETRY_AFTER,
} from './apps/token-app-config.js';

/** One request of a row; a `form` or `json` body makes it a POST. */
export interface TokenRequest {
  readonly method?: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly form?: Readonly<Record<string, string>>;
  readonly json?: unknown;
  /** A raw body, sent as `application/json`. */
  readonly body?: string;
  /** Send the body without a Content-Length, and never end it. */
  readonly chunked?: boolean;
}

/** One answer: headers by lower-case name, every `Set-Cookie` line apart. */
export interface TokenResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly setCookies: readonly string[];
  readonly text: string;
}

/** What a row runs against: the app's origin (also its issuer) and a client for it. */
export interface TokenEndpointContext {
  readonly origin: string;
  send(request: TokenRequest): Promise<TokenResponse>;
}

/** One row; `only` names the targets it is about, when not every one. */
export interface TokenEndpointScenario {
  readonly name: string;
  readonly only?: readonly string[];
  run(context: TokenEndpointContext): Promise<void>;
}

const COOKIE = '__Host-jwt-guard-rt';
const CSRF = { 'x-requested-with': 'XMLHttpRequest' };
const CREDENTIALS = { username: DEMO_USER.username, password: DEMO_USER.password };
const b = (path: string) => `${BROWSER_BASE}${path}`;

const json = (res: TokenResponse): unknown => JSON.parse(res.text);

// RFC 6749 §5.1: token answers, and answers about tokens, are never cached.
function expectNoStore(res: TokenResponse) {
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers.pragma).toBe('no-cache');
}

function expectError(res: TokenResponse, status: number, error: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(json(res)).toMatchObject({ error });
  expectNoStore(res);
}

/** The RFC 6749 §5.1 body, with `refresh_token` only in mobile mode. */
function expectTokens(res: TokenResponse, withRefreshToken: boolean) {
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expectNoStore(res);
  const body = json(res) as Record<string, unknown>;
  expect(body).toMatchObject({
    access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
    token_type: 'Bearer',
    expires_in: expect.any(Number),
    scope: DEMO_USER.scope,
  });
  if (withRefreshToken) expect(body.refresh_token).toMatch(/^jgr_[\w-]{22}\.[\w-]{43}$/);
  else expect(body).not.toHaveProperty('refresh_token');
  return body as { access_token: string; refresh_token?: string };
}

/** Our cookie among the `Set-Cookie` lines: its value and its attributes, lower-cased. */
function refreshCookieOf(res: TokenResponse) {
  const lines = res.setCookies.filter((line) => line.startsWith(`${COOKIE}=`));
  expect(lines).toHaveLength(1);
  const [pair, ...attributes] = lines[0]!.split(';').map((part) => part.trim());
  return {
    value: pair!.slice(COOKIE.length + 1),
    attributes: new Map(
      attributes.map((attribute) => {
        const [name, value = ''] = attribute.split('=');
        return [name!.toLowerCase(), value] as const;
      }),
    ),
  };
}

// RFC 6265bis §4.1.3.2: what a `__Host-` cookie must carry, and what we add to it.
function expectHostCookie(cookie: ReturnType<typeof refreshCookieOf>) {
  expect([...cookie.attributes.keys()].sort()).toEqual(
    ['httponly', 'max-age', 'path', 'samesite', 'secure'].sort(),
  );
  expect(cookie.attributes.get('path')).toBe('/');
  expect(cookie.attributes.get('samesite')?.toLowerCase()).toBe('strict');
}

const loginMobile = async (ctx: TokenEndpointContext) => {
  const res = await ctx.send({ path: '/auth/login', form: CREDENTIALS });
  const body = expectTokens(res, true);
  return { accessToken: body.access_token, refreshToken: body.refresh_token! };
};

const loginBrowser = async (ctx: TokenEndpointContext) => {
  const res = await ctx.send({ path: b('/auth/login'), form: CREDENTIALS, headers: CSRF });
  const body = expectTokens(res, false);
  return { accessToken: body.access_token, cookie: `${COOKIE}=${refreshCookieOf(res).value}` };
};

const refreshMobile = (ctx: TokenEndpointContext, refreshToken: string) =>
  ctx.send({
    path: '/auth/token',
    form: { grant_type: 'refresh_token', refresh_token: refreshToken },
  });

const refreshBrowser = (ctx: TokenEndpointContext, headers: Record<string, string>) =>
  ctx.send({ path: b('/auth/token'), form: { grant_type: 'refresh_token' }, headers });

const callApi = (ctx: TokenEndpointContext, accessToken: string) =>
  ctx.send({ path: '/api/me', headers: { authorization: `Bearer ${accessToken}` } });

const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;

/** The rows of mobile and service mode: the refresh token in the body. */
const MOBILE_ROWS: readonly TokenEndpointScenario[] = [
  {
    name: 'login: 200 with the RFC 6749 §5.1 body (refresh_token included), no-store; the access token is RFC 9068 with client_id and verifies at the API by discovery',
    run: async (ctx) => {
      const { accessToken } = await loginMobile(ctx);
      const header = JSON.parse(Buffer.from(accessToken.split('.')[0]!, 'base64url').toString());
      expect(header.typ).toBe('at+jwt');
      expect(claimsOf(accessToken)).toMatchObject({
        iss: ctx.origin,
        sub: DEMO_USER.sub,
        client_id: 'first-party',
        scope: DEMO_USER.scope,
        name: DEMO_USER.claims.name,
      });
      const api = await callApi(ctx, accessToken);
      expect(api.status).toBe(200);
      expect(json(api)).toEqual({ sub: DEMO_USER.sub, client_id: 'first-party' });
    },
  },
  {
    name: 'login: a JSON body works as a form does (parsed by the app first on Express and Koa)',
    run: async (ctx) => {
      expectTokens(await ctx.send({ path: '/auth/login', json: CREDENTIALS }), true);
    },
  },
  {
    name: 'login: wrong credentials are 401 {"error":"invalid_grant"}, no-store, no cookie',
    run: async (ctx) => {
      const res = await ctx.send({
        path: '/auth/login',
        form: { ...CREDENTIALS, password: 'wrong' },
      });
      expectError(res, 401, 'invalid_grant');
      expect(res.setCookies).toEqual([]);
    },
  },
  {
    name: 'login: the rate-limit hook answers 429 with Retry-After',
    run: async (ctx) => {
      const res = await ctx.send({
        path: '/auth/login',
        form: CREDENTIALS,
        headers: { [RATE_LIMITED_HEADER]: '1' },
      });
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBe(String(RETRY_AFTER));
    },
  },
  {
    name: 'login: a body over the limit is 413, by its Content-Length or counted as it arrives (chunked, never ended)',
    run: async (ctx) => {
      const huge = { ...CREDENTIALS, padding: 'x'.repeat(20_000) };
      for (const chunked of [false, true]) {
        const res = await ctx.send({ path: '/auth/login', form: huge, chunked });
        expect(res.status).toBe(413);
        expect(json(res)).toMatchObject({ error: 'invalid_request' });
      }
      // The server is still answering on new connections.
      await loginMobile(ctx);
    },
  },
  {
    name: 'token: grant_type=refresh_token rotates (RFC 6749 §6): 200, a new refresh token, no-store',
    run: async (ctx) => {
      const { refreshToken } = await loginMobile(ctx);
      const res = await refreshMobile(ctx, refreshToken);
      const body = expectTokens(res, true);
      expect(body.refresh_token).not.toBe(refreshToken);
      expect((await callApi(ctx, body.access_token)).status).toBe(200);
    },
  },
  {
    name: 'token: another grant_type is 400 unsupported_grant_type',
    run: async (ctx) => {
      const res = await ctx.send({
        path: '/auth/token',
        form: { grant_type: 'password', ...CREDENTIALS },
      });
      expectError(res, 400, 'unsupported_grant_type');
    },
  },
  {
    name: 'token: no grant_type, or no refresh_token, is 400 invalid_request',
    run: async (ctx) => {
      expectError(await ctx.send({ path: '/auth/token', form: {} }), 400, 'invalid_request');
      const res = await ctx.send({ path: '/auth/token', form: { grant_type: 'refresh_token' } });
      expectError(res, 400, 'invalid_request');
    },
  },
  {
    name: 'token: a garbage refresh token is 400 invalid_grant',
    run: async (ctx) => {
      for (const token of ['garbage', `jgr_${'A'.repeat(22)}.${'B'.repeat(43)}`]) {
        expectError(await refreshMobile(ctx, token), 400, 'invalid_grant');
      }
    },
  },
  {
    name: 'token: a reused refresh token is 400 invalid_grant and revokes the family: its successor is refused, and its access token at the API',
    run: async (ctx) => {
      const { refreshToken } = await loginMobile(ctx);
      const next = expectTokens(await refreshMobile(ctx, refreshToken), true);
      // Past the 1 ms reuse grace of this app's issuer: the predecessor is theft.
      await new Promise((resolve) => setTimeout(resolve, 10));
      expectError(await refreshMobile(ctx, refreshToken), 400, 'invalid_grant');
      expectError(await refreshMobile(ctx, next.refresh_token!), 400, 'invalid_grant');
      const api = await callApi(ctx, next.access_token);
      expect(api.status).toBe(401);
      expect(api.headers['www-authenticate']).toMatch(/error="invalid_token"/);
    },
  },
  {
    name: 'revoke (RFC 7009): 200 for an unknown token; 200 for a real one, which then no longer refreshes',
    run: async (ctx) => {
      const unknown = await ctx.send({ path: '/auth/revoke', form: { token: 'jgr_unknown' } });
      expect(unknown.status).toBe(200);
      expectNoStore(unknown);
      // An empty answer, as written: no adapter adds a body or a media type of its own.
      expect(unknown.text).toBe('');
      expect(unknown.headers['content-type']).toBeUndefined();
      const { refreshToken } = await loginMobile(ctx);
      const revoked = await ctx.send({ path: '/auth/revoke', form: { token: refreshToken } });
      expect(revoked.status).toBe(200);
      expectError(await refreshMobile(ctx, refreshToken), 400, 'invalid_grant');
    },
  },
  {
    name: 'revoke: no token parameter is 400 invalid_request',
    run: async (ctx) => {
      expectError(await ctx.send({ path: '/auth/revoke', form: {} }), 400, 'invalid_request');
    },
  },
  {
    name: 'logout: 204 with no body; the access token is then refused by jwtAuth (isRevoked) and the refresh token by the token endpoint',
    run: async (ctx) => {
      const { accessToken, refreshToken } = await loginMobile(ctx);
      expect((await callApi(ctx, accessToken)).status).toBe(200);
      const res = await ctx.send({
        path: '/auth/logout',
        form: { refresh_token: refreshToken },
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      const api = await callApi(ctx, accessToken);
      expect(api.status).toBe(401);
      expect(api.headers['www-authenticate']).toMatch(/error="invalid_token"/);
      expectError(await refreshMobile(ctx, refreshToken), 400, 'invalid_grant');
    },
  },
  {
    name: 'logout: the refresh token as JSON works too',
    run: async (ctx) => {
      const { refreshToken } = await loginMobile(ctx);
      const res = await ctx.send({ path: '/auth/logout', json: { refresh_token: refreshToken } });
      expect(res.status).toBe(204);
      expectError(await refreshMobile(ctx, refreshToken), 400, 'invalid_grant');
    },
  },
  {
    name: 'metadata (RFC 8414): 200 JSON naming the issuer, token_endpoint, revocation_endpoint and jwks_uri',
    run: async (ctx) => {
      const res = await ctx.send({ path: '/.well-known/oauth-authorization-server' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(json(res)).toMatchObject({
        issuer: ctx.origin,
        token_endpoint: `${ctx.origin}/auth/token`,
        revocation_endpoint: `${ctx.origin}/auth/revoke`,
        jwks_uri: `${ctx.origin}/.well-known/jwks.json`,
        grant_types_supported: ['refresh_token'],
      });
    },
  },
  {
    name: 'jwks: 200 with the public keys (no private member) and a Cache-Control max-age of at most half of publishAhead',
    run: async (ctx) => {
      const res = await ctx.send({ path: '/.well-known/jwks.json' });
      expect(res.status).toBe(200);
      const maxAge = /(?:^|,\s*)max-age=(\d+)/.exec(res.headers['cache-control'] ?? '');
      expect(Number(maxAge?.[1])).toBeGreaterThan(0);
      // publishAhead defaults to 10 minutes.
      expect(Number(maxAge?.[1])).toBeLessThanOrEqual(300);
      const { keys } = json(res) as { keys: Record<string, unknown>[] };
      expect(keys.length).toBeGreaterThanOrEqual(2);
      for (const key of keys) {
        expect(key).toMatchObject({ kid: expect.any(String), alg: 'ES256', use: 'sig' });
        expect(key).not.toHaveProperty('d');
      }
    },
  },
  {
    name: 'a path or method the endpoints do not serve goes on to the app',
    run: async (ctx) => {
      const res = await ctx.send({ path: '/public' });
      expect(res.status).toBe(200);
      expect(res.text).toBe('public');
      expect((await ctx.send({ path: '/auth/unknown', form: {} })).status).toBe(404);
    },
  },
];

/** The rows of browser mode: the refresh token only in the `__Host-` cookie. */
const BROWSER_ROWS: readonly TokenEndpointScenario[] = [
  {
    name: 'browser login over plain http: the __Host- cookie is set HttpOnly, Secure, SameSite=Strict, Path=/ (no adapter refuses Secure on http), and the body holds no refresh_token',
    run: async (ctx) => {
      const res = await ctx.send({ path: b('/auth/login'), form: CREDENTIALS, headers: CSRF });
      expectTokens(res, false);
      const cookie = refreshCookieOf(res);
      expect(cookie.value).toMatch(/^jgr_[\w-]{22}\.[\w-]{43}$/);
      expectHostCookie(cookie);
      expect(Number(cookie.attributes.get('max-age'))).toBeGreaterThan(0);
    },
  },
  {
    name: 'browser refresh by the cookie, with the CSRF header and a same-origin Origin: 200, a rotated cookie, no refresh_token in the body',
    run: async (ctx) => {
      const { cookie } = await loginBrowser(ctx);
      const res = await refreshBrowser(ctx, { cookie, ...CSRF, origin: ctx.origin });
      const body = expectTokens(res, false);
      const rotated = refreshCookieOf(res);
      expectHostCookie(rotated);
      expect(`${COOKIE}=${rotated.value}`).not.toBe(cookie);
      expect((await callApi(ctx, body.access_token)).status).toBe(200);
    },
  },
  {
    name: 'browser refresh without the CSRF header is 403, and the cookie still works after',
    run: async (ctx) => {
      const { cookie } = await loginBrowser(ctx);
      expect((await refreshBrowser(ctx, { cookie })).status).toBe(403);
      expectTokens(await refreshBrowser(ctx, { cookie, ...CSRF }), false);
    },
  },
  {
    name: 'browser refresh from a foreign Origin is 403, even with the CSRF header',
    run: async (ctx) => {
      const { cookie } = await loginBrowser(ctx);
      const res = await refreshBrowser(ctx, { cookie, ...CSRF, origin: 'https://evil.example' });
      expect(res.status).toBe(403);
      expect(res.setCookies.filter((line) => line.startsWith(`${COOKIE}=jgr_`))).toEqual([]);
    },
  },
  {
    name: 'browser logout by the cookie: 204, the cookie cleared (Max-Age=0), the access token refused by jwtAuth, the old cookie refused',
    run: async (ctx) => {
      const { accessToken, cookie } = await loginBrowser(ctx);
      const res = await ctx.send({
        path: b('/auth/logout'),
        form: {},
        headers: { cookie, ...CSRF, authorization: `Bearer ${accessToken}` },
      });
      expect(res.status).toBe(204);
      const cleared = refreshCookieOf(res);
      expect(cleared.value).toBe('');
      expect(cleared.attributes.get('max-age')).toBe('0');
      expect((await callApi(ctx, accessToken)).status).toBe(401);
      expectError(await refreshBrowser(ctx, { cookie, ...CSRF }), 400, 'invalid_grant');
    },
  },
  {
    name: 'browser logout without the CSRF header is 403, and the session goes on',
    run: async (ctx) => {
      const { accessToken, cookie } = await loginBrowser(ctx);
      const res = await ctx.send({
        path: b('/auth/logout'),
        form: {},
        headers: { cookie, authorization: `Bearer ${accessToken}` },
      });
      expect(res.status).toBe(403);
      expect((await callApi(ctx, accessToken)).status).toBe(200);
      expectTokens(await refreshBrowser(ctx, { cookie, ...CSRF }), false);
    },
  },
  {
    name: 'browser revoke by the cookie: 200 with the CSRF header (403 without), the family then refused',
    run: async (ctx) => {
      const { cookie } = await loginBrowser(ctx);
      expect(
        (await ctx.send({ path: b('/auth/revoke'), form: {}, headers: { cookie } })).status,
      ).toBe(403);
      const res = await ctx.send({
        path: b('/auth/revoke'),
        form: {},
        headers: { cookie, ...CSRF },
      });
      expect(res.status).toBe(200);
      expectError(await refreshBrowser(ctx, { cookie, ...CSRF }), 400, 'invalid_grant');
    },
  },
  {
    name: 'browser metadata names the endpoints under the browser basePath',
    run: async (ctx) => {
      const res = await ctx.send({ path: b('/.well-known/oauth-authorization-server') });
      expect(res.status).toBe(200);
      expect(json(res)).toMatchObject({
        issuer: ctx.origin,
        token_endpoint: `${ctx.origin}${BROWSER_BASE}/auth/token`,
        revocation_endpoint: `${ctx.origin}${BROWSER_BASE}/auth/revoke`,
      });
    },
  },
];

/** Every row, mobile mode first. */
export const TOKEN_ENDPOINT_SCENARIOS: readonly TokenEndpointScenario[] = [
  ...MOBILE_ROWS,
  ...BROWSER_ROWS,
];
