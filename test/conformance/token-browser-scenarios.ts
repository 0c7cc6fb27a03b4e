/**
 * The token endpoints' rows in browser mode (issue 21, "Browsers and mobile"): the refresh
 * token only in the `__Host-` cookie, and the CSRF defence of every cookie-authenticated
 * POST. Every target serves over plain http on 127.0.0.1, so these rows also show that no
 * adapter refuses to set the `Secure` cookie there (Koa's cookie library would).
 */
import { expect } from 'vitest';
import { BROWSER_BASE, KOA_COOKIE_PROBE } from './apps/token-app-config.js';
import {
  b,
  COOKIE,
  CREDENTIALS,
  CSRF,
  callApi,
  expectError,
  expectHostCookie,
  expectTokens,
  json,
  loginBrowser,
  refreshBrowser,
  refreshCookieOf,
  type TokenEndpointScenario,
} from './token-endpoint-session.js';

/** The rows of browser mode: the refresh token only in the `__Host-` cookie. */
export const BROWSER_TOKEN_SCENARIOS: readonly TokenEndpointScenario[] = [
  {
    name: 'Koa: its own cookie library refuses a Secure cookie on this plain-http connection, and tokenEndpoints sets the __Host- cookie there all the same',
    only: ['koa', 'koa 2'],
    run: async (ctx) => {
      const probe = await ctx.send({ path: KOA_COOKIE_PROBE });
      expect(probe.text).toBe('refused');
      const res = await ctx.send({ path: b('/auth/login'), form: CREDENTIALS, headers: CSRF });
      expect(res.status).toBe(200);
      const cookie = refreshCookieOf(res);
      expect(cookie.attributes.has('secure')).toBe(true);
      expectHostCookie(cookie);
    },
  },
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
