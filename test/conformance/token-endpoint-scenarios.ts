/**
 * Issue 21: the token endpoints' RFC answers, row by row, on every adapter. Each row is a
 * short session against the app of `apps/token-app-config.ts` (mobile mode at the root,
 * browser mode under `/browser`), asserting status, headers and parsed JSON, never a
 * message text. These are the rows of mobile and service mode; browser mode's are in
 * `token-browser-scenarios.ts`.
 */
import { expect } from 'vitest';
import { DEMO_USER, RATE_LIMITED_HEADER, RETRY_AFTER } from './apps/token-app-config.js';
import { BROWSER_TOKEN_SCENARIOS } from './token-browser-scenarios.js';
import {
  CREDENTIALS,
  callApi,
  claimsOf,
  expectError,
  expectNoStore,
  expectTokens,
  json,
  loginMobile,
  refreshMobile,
  type TokenEndpointScenario,
} from './token-endpoint-session.js';

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

/** Every row, mobile mode first. */
export const TOKEN_ENDPOINT_SCENARIOS: readonly TokenEndpointScenario[] = [
  ...MOBILE_ROWS,
  ...BROWSER_TOKEN_SCENARIOS,
];
