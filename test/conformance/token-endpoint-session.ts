/**
 * What the token-endpoint rows are written with: the shape of a row, its client's requests
 * and answers, and the steps and checks the rows share (log in, refresh, call the API; the
 * RFC 6749 §5.1 body, the no-store headers, the `__Host-` cookie).
 */
import { expect } from 'vitest';
import { BROWSER_BASE, DEMO_USER } from './apps/token-app-config.js';

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

export const COOKIE = '__Host-jwt-guard-rt';
export const CSRF = { 'x-requested-with': 'XMLHttpRequest' };
export const CREDENTIALS = { username: DEMO_USER.username, password: DEMO_USER.password };
/** A path of the browser-mode mount. */
export const b = (path: string) => `${BROWSER_BASE}${path}`;

export const json = (res: TokenResponse): unknown => JSON.parse(res.text);

// RFC 6749 §5.1: token answers, and answers about tokens, are never cached.
export function expectNoStore(res: TokenResponse) {
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers.pragma).toBe('no-cache');
}

export function expectError(res: TokenResponse, status: number, error: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(json(res)).toMatchObject({ error });
  expectNoStore(res);
}

/** The RFC 6749 §5.1 body, with `refresh_token` only in mobile mode. */
export function expectTokens(res: TokenResponse, withRefreshToken: boolean) {
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
export function refreshCookieOf(res: TokenResponse) {
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
export function expectHostCookie(cookie: ReturnType<typeof refreshCookieOf>) {
  expect([...cookie.attributes.keys()].sort()).toEqual(
    ['httponly', 'max-age', 'path', 'samesite', 'secure'].sort(),
  );
  expect(cookie.attributes.get('path')).toBe('/');
  expect(cookie.attributes.get('samesite')?.toLowerCase()).toBe('strict');
}

export const loginMobile = async (ctx: TokenEndpointContext) => {
  const res = await ctx.send({ path: '/auth/login', form: CREDENTIALS });
  const body = expectTokens(res, true);
  return { accessToken: body.access_token, refreshToken: body.refresh_token! };
};

export const loginBrowser = async (ctx: TokenEndpointContext) => {
  const res = await ctx.send({ path: b('/auth/login'), form: CREDENTIALS, headers: CSRF });
  const body = expectTokens(res, false);
  return { accessToken: body.access_token, cookie: `${COOKIE}=${refreshCookieOf(res).value}` };
};

export const refreshMobile = (ctx: TokenEndpointContext, refreshToken: string) =>
  ctx.send({
    path: '/auth/token',
    form: { grant_type: 'refresh_token', refresh_token: refreshToken },
  });

export const refreshBrowser = (ctx: TokenEndpointContext, headers: Record<string, string>) =>
  ctx.send({ path: b('/auth/token'), form: { grant_type: 'refresh_token' }, headers });

export const callApi = (ctx: TokenEndpointContext, accessToken: string) =>
  ctx.send({ path: '/api/me', headers: { authorization: `Bearer ${accessToken}` } });

export const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
