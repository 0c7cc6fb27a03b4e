/**
 * Browser mode (`cookie: true`): the refresh token only in the `__Host-` cookie, the CSRF
 * header and the Origin check on every POST, the cookie cleared on logout, revoke and reuse.
 */
import { createDpopProof, generateDpopKey } from '@jwt-guard/testing';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import type { EndpointResponse } from '../../src/index.js';
import { fakeClock } from '../helpers.js';
import {
  cookieToken,
  form,
  header,
  headers,
  ISSUER,
  json,
  loginRequest,
  send,
  setUp,
} from './helpers.js';

const CSRF = { 'x-requested-with': 'fetch' };
const SAME_ORIGIN = { ...CSRF, origin: ISSUER };
const CLEARED = '__Host-jwt-guard-rt=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Strict';

type Endpoints = ReturnType<typeof setUp>['endpoints'];

async function logIn(endpoints: Endpoints) {
  const response = await send(endpoints, loginRequest(SAME_ORIGIN));
  expect(response.status).toBe(200);
  return { response, refreshToken: cookieToken(response) };
}

function refresh(refreshToken: string, extra: Record<string, string> = SAME_ORIGIN) {
  const { body, type } = form({ grant_type: 'refresh_token' });
  return {
    path: '/auth/token',
    headers: {
      ...type,
      ...extra,
      cookie: `theme=dark; __Host-jwt-guard-rt=${refreshToken}; lang=en`,
    },
    body,
  };
}

function expectCsrfRefusal(response: EndpointResponse): void {
  expect(response.status).toBe(403);
  expect(header(response, 'cache-control')).toBe('no-store');
  expect(header(response, 'pragma')).toBe('no-cache');
  expect(json(response).error).toBe('invalid_request');
  expect(typeof json(response).error_description).toBe('string');
  expect(header(response, 'set-cookie')).toBeUndefined();
}

describe('browser mode: login', () => {
  it('sets the refresh token only in the __Host- cookie, with the exact attributes', async () => {
    const { endpoints } = setUp({ cookie: true });
    const { response, refreshToken } = await logIn(endpoints);
    const body = json(response);
    expect(body.refresh_token).toBeUndefined();
    expect(response.body).not.toContain(refreshToken);
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'scope', 'token_type']);
    expect(refreshToken).toMatch(/^jgr_[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(headers(response, 'set-cookie')).toEqual([
      `__Host-jwt-guard-rt=${refreshToken}; Max-Age=${14 * 86_400}; Path=/; Secure; HttpOnly; SameSite=Strict`,
    ]);
    expect(header(response, 'cache-control')).toBe('no-store');
  });

  it('ends the family of the cookie a new login replaces, and only on success', async () => {
    const { endpoints, tokens } = setUp({ cookie: true });
    const { refreshToken: old, response: first } = await logIn(endpoints);
    const firstAccess = decodeJwt(json(first).access_token as string);
    const cookie = `__Host-jwt-guard-rt=${old}`;
    const { body, type } = form({ username: 'alice', password: 'wrong' });
    const failed = await send(endpoints, {
      path: '/auth/login',
      headers: { ...type, ...SAME_ORIGIN, cookie },
      body,
    });
    expect(failed.status).toBe(401);
    expect(await tokens.isRevoked(firstAccess)).toBe(false);
    const again = await send(endpoints, loginRequest({ ...SAME_ORIGIN, cookie }));
    expect(again.status).toBe(200);
    expect(cookieToken(again)).not.toBe(old);
    await expect(tokens.refresh(old)).rejects.toMatchObject({ code: 'ERR_REFRESH_TOKEN_INVALID' });
    expect(await tokens.isRevoked(firstAccess)).toBe(true);
    expect((await tokens.refresh(cookieToken(again))).refreshToken).toMatch(/^jgr_/);
  });

  it('refuses a login without the CSRF header, or from another origin, with 403', async () => {
    const { endpoints } = setUp({ cookie: true });
    expectCsrfRefusal(await send(endpoints, loginRequest({ origin: ISSUER })));
    expectCsrfRefusal(
      await send(endpoints, loginRequest({ ...CSRF, origin: 'https://evil.example' })),
    );
    expectCsrfRefusal(await send(endpoints, loginRequest({ ...CSRF, origin: 'null' })));
    expectCsrfRefusal(
      await send(endpoints, loginRequest({ ...CSRF, origin: 'http://api.example.com' })),
    );
  });

  it('accepts the CSRF header without an Origin, and a configured header name', async () => {
    expect((await send(setUp({ cookie: true }).endpoints, loginRequest(CSRF))).status).toBe(200);
    const { endpoints } = setUp({ cookie: true, csrf: { header: 'X-CSRF' } });
    expectCsrfRefusal(await send(endpoints, loginRequest(CSRF)));
    expect((await send(endpoints, loginRequest({ 'x-csrf': '1' }))).status).toBe(200);
  });

  it('checks CSRF before the rate limit or the body are touched', async () => {
    let limited = 0;
    const { endpoints } = setUp({
      cookie: true,
      rateLimit: () => {
        limited += 1;
        return undefined;
      },
    });
    const { request } = await import('./helpers.js');
    const req = request(loginRequest());
    expectCsrfRefusal((await endpoints.handle(req))!);
    expect(limited).toBe(0);
    expect(req.reads()).toBe(0);
  });
});

describe('browser mode: refresh', () => {
  it('reads the token from the cookie among others and sets the rotated one', async () => {
    const { endpoints } = setUp({ cookie: true });
    const { refreshToken } = await logIn(endpoints);
    const response = await send(endpoints, refresh(refreshToken));
    expect(response.status).toBe(200);
    const next = cookieToken(response);
    expect(next).toMatch(/^jgr_/);
    expect(next).not.toBe(refreshToken);
    expect(json(response).refresh_token).toBeUndefined();
    expect(response.body).not.toContain(next);
    expect(header(response, 'set-cookie')).toMatch(
      /^__Host-jwt-guard-rt=[^;]+; Max-Age=\d+; Path=\/; Secure; HttpOnly; SameSite=Strict$/,
    );
  });

  it('ignores a refresh token in the body: the cookie is the only place', async () => {
    const { endpoints } = setUp({ cookie: true });
    const { refreshToken } = await logIn(endpoints);
    const { body, type } = form({ grant_type: 'refresh_token', refresh_token: refreshToken });
    const response = await send(endpoints, {
      path: '/auth/token',
      headers: { ...type, ...SAME_ORIGIN },
      body,
    });
    expect(response.status).toBe(400);
    expect(json(response).error).toBe('invalid_request');
  });

  it('refuses CSRF failures with 403 (missing header, wrong Origin) and accepts no Origin', async () => {
    const { endpoints } = setUp({ cookie: true });
    const { refreshToken } = await logIn(endpoints);
    expectCsrfRefusal(await send(endpoints, refresh(refreshToken, { origin: ISSUER })));
    expectCsrfRefusal(
      await send(endpoints, refresh(refreshToken, { ...CSRF, origin: 'https://evil.example' })),
    );
    expect((await send(endpoints, refresh(refreshToken, CSRF))).status).toBe(200);
  });

  it('refuses two cookies of our name (one planted) as a missing token', async () => {
    const { endpoints } = setUp({ cookie: true });
    const { refreshToken } = await logIn(endpoints);
    const { body, type } = form({ grant_type: 'refresh_token' });
    const response = await send(endpoints, {
      path: '/auth/token',
      headers: {
        ...type,
        ...SAME_ORIGIN,
        cookie: `__Host-jwt-guard-rt=${refreshToken};__Host-jwt-guard-rt=jgr_planted`,
      },
      body,
    });
    expect(response.status).toBe(400);
    expect(json(response).error).toBe('invalid_request');
  });

  it('clears the cookie when reuse is detected, and for a dead token', async () => {
    const clock = fakeClock(Date.now());
    const { endpoints, tokens } = setUp({ cookie: true }, { now: clock.now });
    const { response: login, refreshToken } = await logIn(endpoints);
    expect((await send(endpoints, refresh(refreshToken))).status).toBe(200);
    clock.advance(11_000);
    const reuse = await send(endpoints, refresh(refreshToken));
    expect(reuse.status).toBe(400);
    expect(json(reuse).error).toBe('invalid_grant');
    expect(headers(reuse, 'set-cookie')).toEqual([CLEARED]);
    expect(reuse.body).not.toContain(refreshToken);
    expect(await tokens.isRevoked(decodeJwt(json(login).access_token as string))).toBe(true);
    const dead = await send(endpoints, refresh('jgr_garbage'));
    expect(headers(dead, 'set-cookie')).toEqual([CLEARED]);
  });

  it('refuses an empty cookie value as a missing token', async () => {
    const { endpoints } = setUp({ cookie: true });
    const { body, type } = form({ grant_type: 'refresh_token' });
    const response = await send(endpoints, {
      path: '/auth/token',
      headers: { ...type, ...SAME_ORIGIN, cookie: 'a=1; __Host-jwt-guard-rt=; b=2' },
      body,
    });
    expect(response.status).toBe(400);
    expect(json(response).error).toBe('invalid_request');
  });

  it('keeps the cookie of a DPoP-bound session refreshed with another key', async () => {
    const [key, other] = await Promise.all([generateDpopKey(), generateDpopKey()]);
    const proof = (dpopKey: typeof key, path: string) =>
      createDpopProof(dpopKey, { method: 'POST', url: `${ISSUER}${path}` });
    const { endpoints } = setUp({ cookie: true });
    const login = await send(
      endpoints,
      loginRequest({ ...SAME_ORIGIN, dpop: await proof(key, '/auth/login') }),
    );
    const refused = await send(endpoints, {
      ...refresh(cookieToken(login)),
      headers: { ...refresh(cookieToken(login)).headers, dpop: await proof(other, '/auth/token') },
    });
    expect(json(refused).error).toBe('invalid_grant');
    expect(header(refused, 'set-cookie')).toBeUndefined();
  });

  it('keeps the cookie when only the requested scope was too wide', async () => {
    const { endpoints } = setUp({ cookie: true });
    const { refreshToken } = await logIn(endpoints);
    const { body, type } = form({ grant_type: 'refresh_token', scope: 'admin' });
    const response = await send(endpoints, {
      path: '/auth/token',
      headers: { ...type, ...SAME_ORIGIN, cookie: `__Host-jwt-guard-rt=${refreshToken}` },
      body,
    });
    expect(json(response).error).toBe('invalid_scope');
    expect(header(response, 'set-cookie')).toBeUndefined();
  });
});

describe('browser mode: revoke and logout', () => {
  it('revoke needs the CSRF header, revokes the cookie family, clears the cookie, answers 200', async () => {
    const { endpoints, tokens } = setUp({ cookie: true });
    const { refreshToken } = await logIn(endpoints);
    const cookie = `__Host-jwt-guard-rt=${refreshToken}`;
    const type = { 'content-type': 'application/x-www-form-urlencoded' };
    expectCsrfRefusal(
      await send(endpoints, { path: '/auth/revoke', headers: { ...type, cookie } }),
    );
    const response = await send(endpoints, {
      path: '/auth/revoke',
      headers: { ...type, ...SAME_ORIGIN, cookie },
    });
    expect(response.status).toBe(200);
    expect(headers(response, 'set-cookie')).toEqual([CLEARED]);
    await expect(tokens.refresh(refreshToken)).rejects.toMatchObject({
      code: 'ERR_REFRESH_TOKEN_INVALID',
    });
  });

  it('revoke without a cookie or a token is 400 invalid_request', async () => {
    const { endpoints } = setUp({ cookie: true });
    const response = await send(endpoints, { path: '/auth/revoke', headers: SAME_ORIGIN });
    expect(response.status).toBe(400);
    expect(json(response).error).toBe('invalid_request');
  });

  it('logout needs the CSRF header, revokes the family and the access token, clears the cookie, 204', async () => {
    const { endpoints, tokens } = setUp({ cookie: true });
    const { response: login, refreshToken } = await logIn(endpoints);
    const accessToken = json(login).access_token as string;
    const cookie = `__Host-jwt-guard-rt=${refreshToken}`;
    expectCsrfRefusal(
      await send(endpoints, {
        path: '/auth/logout',
        headers: { cookie, origin: ISSUER, authorization: `Bearer ${accessToken}` },
      }),
    );
    expect(await tokens.isRevoked(decodeJwt(accessToken))).toBe(false);
    const response = await send(endpoints, {
      path: '/auth/logout',
      headers: { ...SAME_ORIGIN, cookie, authorization: `Bearer ${accessToken}` },
    });
    expect(response.status).toBe(204);
    expect(response.body).toBe('');
    expect(headers(response, 'set-cookie')).toEqual([CLEARED]);
    expect(await tokens.isRevoked(decodeJwt(accessToken))).toBe(true);
    await expect(tokens.refresh(refreshToken)).rejects.toMatchObject({
      code: 'ERR_REFRESH_TOKEN_INVALID',
    });
  });

  it('logout without a cookie still clears it and answers 204', async () => {
    const { endpoints } = setUp({ cookie: true });
    const response = await send(endpoints, { path: '/auth/logout', headers: CSRF });
    expect(response.status).toBe(204);
    expect(headers(response, 'set-cookie')).toEqual([CLEARED]);
  });
});
