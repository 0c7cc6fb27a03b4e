/**
 * The endpoints in body (mobile and service) mode, driven straight through `handle`: each
 * endpoint's statuses and RFC 6749 / RFC 7009 / RFC 8414 bodies.
 */
import { StoreError } from '@jwt-guard/core/store';
import { decodeJwt, decodeProtectedHeader, generateKeyPair } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { type AuthenticateInput, type EndpointResponse, IssuerError } from '../../src/index.js';
import { fakeClock } from '../helpers.js';
import { AUDIENCE, form, header, ISSUER, json, loginRequest, send, setUp } from './helpers.js';

type Endpoints = ReturnType<typeof setUp>['endpoints'];

function expectNoStore(response: EndpointResponse): void {
  expect(header(response, 'cache-control')).toBe('no-store');
  expect(header(response, 'pragma')).toBe('no-cache');
}

function expectTokenError(response: EndpointResponse, status: number, error: string): void {
  expect(response.status).toBe(status);
  expectNoStore(response);
  if (status !== 429 && status !== 503) {
    expect(response.headers.map(([name]) => name)).toEqual([
      'Cache-Control',
      'Pragma',
      'Content-Type',
    ]);
  }
  expect(header(response, 'content-type')).toBe('application/json');
  expect(json(response).error).toBe(error);
}

async function logIn(endpoints: Endpoints) {
  const response = await send(endpoints, loginRequest());
  expect(response.status).toBe(200);
  return json(response) as { access_token: string; refresh_token: string; scope: string };
}

function refreshRequest(fields: Record<string, string>) {
  const { body, type } = form(fields);
  return { path: '/auth/token', headers: type, body };
}

describe('POST /auth/login (body mode)', () => {
  it('answers the RFC 6749 §5.1 body with the refresh token, never cached', async () => {
    const { endpoints } = setUp();
    const response = await send(endpoints, loginRequest());
    expect(response.status).toBe(200);
    expectNoStore(response);
    expect(header(response, 'content-type')).toBe('application/json');
    expect(header(response, 'set-cookie')).toBeUndefined();
    const body = json(response);
    expect(Object.keys(body).sort()).toEqual(
      ['access_token', 'expires_in', 'refresh_token', 'scope', 'token_type'].sort(),
    );
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 300, scope: 'read write' });
    expect(body.refresh_token).toMatch(/^jgr_[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    const claims = decodeJwt(body.access_token as string);
    expect(decodeProtectedHeader(body.access_token as string).typ).toBe('at+jwt');
    expect(claims).toMatchObject({
      iss: ISSUER,
      aud: AUDIENCE,
      sub: 'alice',
      client_id: 'first-party',
      scope: 'read write',
      name: 'Alice',
    });
  });

  it('reads a JSON body too, and gives the tokens the clientId option', async () => {
    const { endpoints } = setUp({ clientId: 'mobile-app' });
    const response = await send(endpoints, {
      path: '/auth/login',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ username: 'alice', password: 'wonderland' }),
    });
    expect(response.status).toBe(200);
    expect(decodeJwt(json(response).access_token as string).client_id).toBe('mobile-app');
  });

  it('names no scope when the session was granted none', async () => {
    const { endpoints } = setUp({ authenticate: () => ({ sub: 'bob' }) });
    const body = json(await send(endpoints, loginRequest()));
    expect(Object.keys(body).sort()).toEqual(
      ['access_token', 'expires_in', 'refresh_token', 'token_type'].sort(),
    );
  });

  it('answers 401 invalid_grant when authenticate answers nothing', async () => {
    const { endpoints } = setUp();
    const { body, type } = form({ username: 'alice', password: 'wrong' });
    const response = await send(endpoints, { path: '/auth/login', headers: type, body });
    expectTokenError(response, 401, 'invalid_grant');
    expect(json(response)).toEqual({ error: 'invalid_grant' });
  });

  it('gives the hook the parsed body, the headers and the raw request', async () => {
    const hook = vi.fn((_input: AuthenticateInput) => undefined);
    const { endpoints } = setUp({ authenticate: hook });
    await send(endpoints, loginRequest({ 'x-device': 'phone' }));
    expect(hook).toHaveBeenCalledTimes(1);
    const input = hook.mock.calls[0]![0];
    expect(input.body).toEqual({ username: 'alice', password: 'wonderland' });
    expect(input.headers.get('x-device')).toBe('phone');
    expect(input.request).toEqual({ test: true });
  });

  it('answers 500 server_error, echoing nothing, when authenticate throws; onError hears it', async () => {
    const failure = new Error('database down: secret-detail');
    const onError = vi.fn();
    const { endpoints } = setUp({
      authenticate: () => {
        throw failure;
      },
      onError,
    });
    const response = await send(endpoints, loginRequest());
    expectTokenError(response, 500, 'server_error');
    expect(json(response)).toEqual({ error: 'server_error' });
    expect(onError).toHaveBeenCalledWith(failure, 'login');
  });

  it('answers 500 when authenticate answers a malformed subject or a reserved claim', async () => {
    for (const subject of [{ sub: '' }, { sub: 'alice', claims: { iss: 'x' } }, { sub: 5 }]) {
      const onError = vi.fn();
      const { endpoints } = setUp({ authenticate: () => subject as never, onError });
      expectTokenError(await send(endpoints, loginRequest()), 500, 'server_error');
      expect(onError).toHaveBeenCalledTimes(1);
      expect(onError.mock.calls[0]![0]).toBeInstanceOf(IssuerError);
    }
  });

  it('still answers 500 when onError itself throws', async () => {
    const { endpoints } = setUp({
      authenticate: () => Promise.reject(new Error('x')),
      onError: () => {
        throw new Error('logger down');
      },
    });
    expectTokenError(await send(endpoints, loginRequest()), 500, 'server_error');
  });

  it('answers 429 with Retry-After when the rate limit refuses, before authenticate runs', async () => {
    const hook = vi.fn(() => ({ sub: 'alice' }));
    const rateLimit = vi.fn(() => ({ retryAfterSeconds: 29.2 }));
    const { endpoints } = setUp({ authenticate: hook, rateLimit });
    const response = await send(endpoints, loginRequest());
    expectTokenError(response, 429, 'invalid_request');
    expect(header(response, 'retry-after')).toBe('30');
    expect(hook).not.toHaveBeenCalled();
    expect(rateLimit).toHaveBeenCalledWith(
      expect.objectContaining({ endpoint: 'login', request: { test: true } }),
    );
  });

  it('lets the request through when the rate limit answers nothing', async () => {
    for (const rateLimit of [async () => undefined, () => null as never]) {
      const { endpoints } = setUp({ rateLimit });
      expect((await send(endpoints, loginRequest())).status).toBe(200);
    }
  });

  it('answers Retry-After 0 for a refusal of zero seconds', async () => {
    const { endpoints } = setUp({ rateLimit: () => ({ retryAfterSeconds: 0 }) });
    const response = await send(endpoints, loginRequest());
    expect(response.status).toBe(429);
    expect(header(response, 'retry-after')).toBe('0');
  });

  it('answers 500 when the rate limit throws or answers a malformed refusal', async () => {
    for (const rateLimit of [
      () => {
        throw new Error('x');
      },
      () => ({ retryAfterSeconds: Number.NaN }),
      () => ({ retryAfterSeconds: -1 }),
      () => ({ retryAfterSeconds: '5' as unknown as number }),
    ]) {
      const { endpoints } = setUp({ rateLimit });
      expectTokenError(await send(endpoints, loginRequest()), 500, 'server_error');
    }
  });
});

describe('POST /auth/token (body mode)', () => {
  it('rotates the refresh token (RFC 6749 §6) and answers §5.1', async () => {
    const { endpoints } = setUp();
    const first = await logIn(endpoints);
    const response = await send(
      endpoints,
      refreshRequest({ grant_type: 'refresh_token', refresh_token: first.refresh_token }),
    );
    expect(response.status).toBe(200);
    expectNoStore(response);
    expect(response.headers.map(([name]) => name)).toEqual([
      'Cache-Control',
      'Pragma',
      'Content-Type',
    ]);
    const body = json(response);
    expect(body.refresh_token).toMatch(/^jgr_[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(body.refresh_token).not.toBe(first.refresh_token);
    expect(body).toMatchObject({ token_type: 'Bearer', scope: 'read write', expires_in: 300 });
    expect(decodeJwt(body.access_token as string)).toMatchObject({
      sub: 'alice',
      client_id: 'first-party',
    });
  });

  it('narrows the scope on request, and refuses a wider one with invalid_scope', async () => {
    const { endpoints } = setUp();
    const first = await logIn(endpoints);
    const wide = await send(
      endpoints,
      refreshRequest({
        grant_type: 'refresh_token',
        refresh_token: first.refresh_token,
        scope: 'read admin',
      }),
    );
    expectTokenError(wide, 400, 'invalid_scope');
    const narrow = await send(
      endpoints,
      refreshRequest({
        grant_type: 'refresh_token',
        refresh_token: first.refresh_token,
        scope: 'read',
      }),
    );
    expect(narrow.status).toBe(200);
    expect(json(narrow).scope).toBe('read');
  });

  it('refuses a missing grant_type and refresh_token with invalid_request', async () => {
    const { endpoints } = setUp();
    expectTokenError(
      await send(endpoints, refreshRequest({ refresh_token: 'jgr_x' })),
      400,
      'invalid_request',
    );
    expectTokenError(
      await send(endpoints, refreshRequest({ grant_type: 'refresh_token' })),
      400,
      'invalid_request',
    );
    expectTokenError(
      await send(endpoints, refreshRequest({ grant_type: 'refresh_token', refresh_token: '' })),
      400,
      'invalid_request',
    );
  });

  it('refuses any other grant with unsupported_grant_type', async () => {
    const { endpoints } = setUp();
    for (const grant_type of ['password', 'authorization_code', 'client_credentials']) {
      expectTokenError(
        await send(endpoints, refreshRequest({ grant_type, refresh_token: 'jgr_x' })),
        400,
        'unsupported_grant_type',
      );
    }
  });

  it('refuses an unknown or garbage refresh token with invalid_grant, echoing nothing', async () => {
    const { endpoints } = setUp();
    for (const refresh_token of ['garbage-token', `jgr_${'A'.repeat(22)}.${'B'.repeat(43)}`]) {
      const response = await send(
        endpoints,
        refreshRequest({ grant_type: 'refresh_token', refresh_token }),
      );
      expectTokenError(response, 400, 'invalid_grant');
      expect(response.body).not.toContain(refresh_token);
    }
  });

  it('detects reuse through the endpoint: the family and its access tokens are revoked', async () => {
    const clock = fakeClock(Date.now());
    const { endpoints, tokens } = setUp({}, { now: clock.now });
    const first = await logIn(endpoints);
    const second = json(
      await send(
        endpoints,
        refreshRequest({ grant_type: 'refresh_token', refresh_token: first.refresh_token }),
      ),
    );
    // Within the grace the predecessor yields the same successor: not theft.
    const retry = await send(
      endpoints,
      refreshRequest({ grant_type: 'refresh_token', refresh_token: first.refresh_token }),
    );
    expect(json(retry).refresh_token).toBe(second.refresh_token);
    clock.advance(11_000);
    const reuse = await send(
      endpoints,
      refreshRequest({ grant_type: 'refresh_token', refresh_token: first.refresh_token }),
    );
    expectTokenError(reuse, 400, 'invalid_grant');
    expect(reuse.body).not.toContain(first.refresh_token);
    const successor = await send(
      endpoints,
      refreshRequest({
        grant_type: 'refresh_token',
        refresh_token: second.refresh_token as string,
      }),
    );
    expectTokenError(successor, 400, 'invalid_grant');
    for (const token of [first.access_token, second.access_token as string]) {
      expect(await tokens.isRevoked(decodeJwt(token))).toBe(true);
    }
  });

  it('answers 500 server_error when the store fails, and onError hears it', async () => {
    const onError = vi.fn();
    const { endpoints, store } = setUp({ onError });
    const first = await logIn(endpoints);
    store.get = () => Promise.reject(new Error('store down'));
    const response = await send(
      endpoints,
      refreshRequest({ grant_type: 'refresh_token', refresh_token: first.refresh_token }),
    );
    expectTokenError(response, 500, 'server_error');
    expect(onError).toHaveBeenCalledWith(expect.any(Error), 'token');
  });

  it('answers 503 temporarily_unavailable with Retry-After while the store is down', async () => {
    const onError = vi.fn();
    const { endpoints, store } = setUp({ onError });
    const first = await logIn(endpoints);
    const down = () => Promise.reject(new StoreError('ERR_STORE_UNAVAILABLE'));
    store.get = down;
    store.compareAndSet = down;
    const refreshed = await send(
      endpoints,
      refreshRequest({ grant_type: 'refresh_token', refresh_token: first.refresh_token }),
    );
    expectTokenError(refreshed, 503, 'temporarily_unavailable');
    expect(header(refreshed, 'retry-after')).toBe('5');
    const loggedIn = await send(endpoints, loginRequest());
    expectTokenError(loggedIn, 503, 'temporarily_unavailable');
    expect(onError).toHaveBeenCalledWith(expect.any(StoreError), 'token');
    expect(onError).toHaveBeenCalledWith(expect.any(StoreError), 'login');
  });

  it('applies the rate limit to refreshes as endpoint "token"', async () => {
    const rateLimit = vi.fn(({ endpoint }: { endpoint: string }) =>
      endpoint === 'token' ? { retryAfterSeconds: 5 } : undefined,
    );
    const { endpoints } = setUp({ rateLimit });
    const first = await logIn(endpoints);
    const response = await send(
      endpoints,
      refreshRequest({ grant_type: 'refresh_token', refresh_token: first.refresh_token }),
    );
    expectTokenError(response, 429, 'invalid_request');
    expect(header(response, 'retry-after')).toBe('5');
  });
});

describe('POST /auth/revoke (RFC 7009, body mode)', () => {
  it('revokes the family of a refresh token and answers 200', async () => {
    const { endpoints, tokens } = setUp();
    const first = await logIn(endpoints);
    const { body, type } = form({ token: first.refresh_token, token_type_hint: 'refresh_token' });
    const response = await send(endpoints, { path: '/auth/revoke', headers: type, body });
    expect(response.status).toBe(200);
    expect(response.body).toBe('');
    expect(response.headers).toEqual([
      ['Cache-Control', 'no-store'],
      ['Pragma', 'no-cache'],
    ]);
    await expect(tokens.refresh(first.refresh_token)).rejects.toMatchObject({
      code: 'ERR_REFRESH_TOKEN_INVALID',
    });
    expect(await tokens.isRevoked(decodeJwt(first.access_token))).toBe(true);
  });

  it('answers 200 for an unknown, garbage or foreign token', async () => {
    const { endpoints } = setUp();
    for (const token of [
      'garbage',
      'jgr_',
      'jgr_x',
      `jgr_${'A'.repeat(22)}.${'B'.repeat(43)}`,
      'a.b.c',
    ]) {
      const { body, type } = form({ token });
      const response = await send(endpoints, { path: '/auth/revoke', headers: type, body });
      expect(response.status).toBe(200);
      expect(response.body).toBe('');
    }
  });

  it('revokes one of our access tokens by its jti (the hint is only a hint)', async () => {
    const { endpoints, tokens } = setUp();
    const first = await logIn(endpoints);
    const { body, type } = form({ token: first.access_token, token_type_hint: 'refresh_token' });
    expect((await send(endpoints, { path: '/auth/revoke', headers: type, body })).status).toBe(200);
    expect(await tokens.isRevoked(decodeJwt(first.access_token))).toBe(true);
    // The refresh token is another credential: it still works.
    expect((await tokens.refresh(first.refresh_token)).refreshToken).toMatch(/^jgr_/);
  });

  it('refuses a missing token with 400 invalid_request, and a JSON body', async () => {
    const { endpoints } = setUp();
    const { body, type } = form({ token_type_hint: 'refresh_token' });
    expectTokenError(
      await send(endpoints, { path: '/auth/revoke', headers: type, body }),
      400,
      'invalid_request',
    );
    expectTokenError(
      await send(endpoints, {
        path: '/auth/revoke',
        headers: { 'content-type': 'application/json' },
        body: '{"token":"x"}',
      }),
      400,
      'invalid_request',
    );
  });
});

describe('POST /auth/logout (body mode)', () => {
  it('revokes the family and its access tokens, and answers 204', async () => {
    const { endpoints, tokens } = setUp();
    const first = await logIn(endpoints);
    const response = await send(endpoints, {
      path: '/auth/logout',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: first.refresh_token }),
    });
    expect(response.status).toBe(204);
    expect(response.body).toBe('');
    expect(response.headers).toEqual([
      ['Cache-Control', 'no-store'],
      ['Pragma', 'no-cache'],
    ]);
    await expect(tokens.refresh(first.refresh_token)).rejects.toMatchObject({
      code: 'ERR_REFRESH_TOKEN_INVALID',
    });
    expect(await tokens.isRevoked(decodeJwt(first.access_token))).toBe(true);
  });

  it('denies the Bearer access token it is given, once it verifies against our keys', async () => {
    const { endpoints, tokens } = setUp();
    const first = await logIn(endpoints);
    const response = await send(endpoints, {
      path: '/auth/logout',
      headers: { authorization: `Bearer ${first.access_token}` },
    });
    expect(response.status).toBe(204);
    expect(await tokens.isRevoked(decodeJwt(first.access_token))).toBe(true);
    // Only the access token: the family was not named.
    expect((await tokens.refresh(first.refresh_token)).refreshToken).toMatch(/^jgr_/);
  });

  it('reads only a well-formed Bearer or DPoP Authorization header', async () => {
    const { endpoints, tokens } = setUp();
    const { access_token: token } = await logIn(endpoints);
    for (const authorization of [
      `Token Bearer ${token}`,
      `Bearer ${token} extra`,
      `Bearer${token}`,
    ]) {
      await send(endpoints, { path: '/auth/logout', headers: { authorization } });
    }
    expect(await tokens.isRevoked(decodeJwt(token))).toBe(false);
    await send(endpoints, {
      path: '/auth/logout',
      headers: { authorization: `bearer   ${token}` },
    });
    expect(await tokens.isRevoked(decodeJwt(token))).toBe(true);
  });

  it('answers 204 when there is nothing left to revoke (logging out twice)', async () => {
    const { endpoints } = setUp();
    const { body, type } = form({ refresh_token: 'jgr_gone' });
    expect((await send(endpoints, { path: '/auth/logout' })).status).toBe(204);
    expect((await send(endpoints, { path: '/auth/logout', headers: type, body })).status).toBe(204);
  });
});

describe('routing and the public documents', () => {
  it('answers undefined for a path that is not ours, without reading the body', async () => {
    const { endpoints } = setUp({ basePath: '/mobile' });
    for (const path of ['/auth/login', '/mobile/auth/login/', '/mobile/auth', '/other']) {
      const { request } = await import('./helpers.js');
      const req = request({ path, headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(await endpoints.handle(req)).toBeUndefined();
      expect(req.reads()).toBe(0);
    }
  });

  it('answers 405 with Allow for a known path and another method', async () => {
    const { endpoints } = setUp();
    for (const path of ['/auth/login', '/auth/token', '/auth/revoke', '/auth/logout']) {
      const response = await send(endpoints, { method: 'GET', path });
      expect(response.status).toBe(405);
      expect(header(response, 'allow')).toBe('POST');
    }
    for (const path of ['/.well-known/jwks.json', '/.well-known/oauth-authorization-server']) {
      const response = await send(endpoints, { method: 'POST', path });
      expect(response.status).toBe(405);
      expect(header(response, 'allow')).toBe('GET, HEAD');
    }
  });

  it('serves the RFC 8414 metadata with the endpoint URLs under the base path', async () => {
    const { endpoints, tokens } = setUp({ basePath: '/mobile' });
    const response = await send(endpoints, {
      method: 'GET',
      path: '/mobile/.well-known/oauth-authorization-server',
    });
    expect(response.status).toBe(200);
    expect(header(response, 'content-type')).toBe('application/json');
    expect(header(response, 'cache-control')).toBe('public, max-age=300');
    expect(json(response)).toEqual({
      ...(await tokens.metadata({ basePath: '/mobile' })),
      issuer: ISSUER,
      token_endpoint: `${ISSUER}/mobile/auth/token`,
      revocation_endpoint: `${ISSUER}/mobile/auth/revoke`,
      jwks_uri: `${ISSUER}/mobile/.well-known/jwks.json`,
    });
  });

  it('answers HEAD on the metadata with its headers and no body', async () => {
    const { endpoints } = setUp();
    const head = await send(endpoints, {
      method: 'HEAD',
      path: '/.well-known/oauth-authorization-server',
    });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(header(head, 'content-type')).toBe('application/json');
    const get = await send(endpoints, {
      method: 'GET',
      path: '/.well-known/oauth-authorization-server',
    });
    expect(get.body).not.toBe('');
  });

  it('builds every URL without a double slash from an issuer ending in one', async () => {
    const { endpoints } = setUp({}, { issuer: `${ISSUER}/` });
    const response = await send(endpoints, {
      method: 'GET',
      path: '/.well-known/oauth-authorization-server',
    });
    expect(json(response).token_endpoint).toBe(`${ISSUER}/auth/token`);
  });

  it('caches the key set of managed keys for five minutes', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const { endpoints } = setUp({}, { keys: [{ kid: 'k1', privateKey }] });
    const response = await send(endpoints, { method: 'GET', path: '/.well-known/jwks.json' });
    expect(header(response, 'cache-control')).toBe('public, max-age=300');
  });

  it('advertises the DPoP algorithms the app chose', async () => {
    const { endpoints } = setUp({ dpop: { algorithms: ['EdDSA', 'ES256'] } });
    const response = await send(endpoints, {
      method: 'GET',
      path: '/.well-known/oauth-authorization-server',
    });
    expect(json(response).dpop_signing_alg_values_supported).toEqual(['EdDSA', 'ES256']);
  });

  it('serves the key set, cached at most half of publishAhead', async () => {
    const { endpoints, tokens } = setUp(
      {},
      {
        keys: {
          encryptionSecret: 'a-test-encryption-secret-of-more-than-32-bytes',
          schedule: false,
          publishAhead: '10m',
        },
      },
    );
    const response = await send(endpoints, { method: 'GET', path: '/.well-known/jwks.json' });
    expect(response.status).toBe(200);
    expect(header(response, 'cache-control')).toBe('public, max-age=300');
    const body = json(response) as { keys: { kid: string; d?: string }[] };
    expect(body).toEqual(await tokens.jwks());
    expect(body.keys.length).toBe(2);
    expect(body.keys.every((key) => key.d === undefined)).toBe(true);
    const head = await send(endpoints, { method: 'HEAD', path: '/.well-known/jwks.json' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('follows a shorter publishAhead', async () => {
    const { endpoints } = setUp(
      {},
      {
        keys: {
          encryptionSecret: 'a-test-encryption-secret-of-more-than-32-bytes',
          schedule: false,
          publishAhead: '3m',
        },
      },
    );
    const response = await send(endpoints, { method: 'GET', path: '/.well-known/jwks.json' });
    expect(header(response, 'cache-control')).toBe('public, max-age=90');
  });
});
