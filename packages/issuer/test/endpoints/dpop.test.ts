/**
 * DPoP at the token endpoints (RFC 9449 §5): a proof at login binds the family and its access
 * tokens to the key; refresh then needs a proof by the same key. Proofs are real, made with
 * jose by @jwt-guard/testing.
 */
import { createDpopNonces } from '@jwt-guard/core/dpop';
import { createDpopProof, type DpopKey, generateDpopKey } from '@jwt-guard/testing';
import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EndpointResponse } from '../../src/index.js';
import { form, header, ISSUER, json, loginRequest, send, setUp } from './helpers.js';

let key: DpopKey;
let other: DpopKey;
beforeAll(async () => {
  [key, other] = await Promise.all([generateDpopKey(), generateDpopKey('EdDSA')]);
});

type Endpoints = ReturnType<typeof setUp>['endpoints'];
const proofFor = (dpopKey: DpopKey, path: string, extra: Record<string, unknown> = {}) =>
  createDpopProof(dpopKey, { method: 'POST', url: `${ISSUER}${path}`, ...extra });

function refreshRequest(refreshToken: string, dpop?: string) {
  const { body, type } = form({ grant_type: 'refresh_token', refresh_token: refreshToken });
  return { path: '/auth/token', headers: { ...type, ...(dpop ? { dpop } : {}) }, body };
}

function expectError(response: EndpointResponse, error: string): void {
  expect(response.status).toBe(400);
  expect(json(response).error).toBe(error);
  expect(header(response, 'cache-control')).toBe('no-store');
}

async function boundLogin(endpoints: Endpoints, path = '/auth/login') {
  const response = await send(endpoints, {
    ...loginRequest({ dpop: await proofFor(key, path) }),
    path,
  });
  expect(response.status).toBe(200);
  return json(response) as { access_token: string; refresh_token: string; token_type: string };
}

describe('DPoP at login and refresh', () => {
  it('binds login to the proof key, and refreshes only with a proof by that key', async () => {
    const { endpoints } = setUp();
    const login = await boundLogin(endpoints);
    expect(login.token_type).toBe('DPoP');
    expect(decodeJwt(login.access_token).cnf).toEqual({ jkt: key.jkt });
    expectError(await send(endpoints, refreshRequest(login.refresh_token)), 'invalid_grant');
    expectError(
      await send(
        endpoints,
        refreshRequest(login.refresh_token, await proofFor(other, '/auth/token')),
      ),
      'invalid_grant',
    );
    // Neither refusal spent the token: the right key still refreshes it.
    const next = await send(
      endpoints,
      refreshRequest(login.refresh_token, await proofFor(key, '/auth/token')),
    );
    expect(next.status).toBe(200);
    expect(json(next).token_type).toBe('DPoP');
    expect(decodeJwt(json(next).access_token as string).cnf).toEqual({ jkt: key.jkt });
  });

  it('checks htu against the issuer URL of the endpoint, under the base path', async () => {
    const { endpoints } = setUp({ basePath: '/mobile' });
    const wrongPath = await send(endpoints, {
      ...loginRequest({ dpop: await proofFor(key, '/auth/login') }),
      path: '/mobile/auth/login',
    });
    expectError(wrongPath, 'invalid_dpop_proof');
    const login = await boundLogin(endpoints, '/mobile/auth/login');
    const next = await send(endpoints, {
      ...refreshRequest(login.refresh_token, await proofFor(key, '/mobile/auth/token')),
      path: '/mobile/auth/token',
    });
    expect(next.status).toBe(200);
  });

  it('refuses a bad proof with invalid_dpop_proof, before authenticate runs', async () => {
    let called = 0;
    const { endpoints } = setUp({
      authenticate: () => {
        called += 1;
        return { sub: 'alice' };
      },
    });
    const bad = [
      'not-a-jwt',
      await createDpopProof(key, { method: 'GET', url: `${ISSUER}/auth/login` }),
      await proofFor(key, '/auth/token'),
      await proofFor(key, '/auth/login', { iat: Math.floor(Date.now() / 1000) - 3600 }),
      `${await proofFor(key, '/auth/login')}, ${await proofFor(key, '/auth/login')}`,
    ];
    for (const dpop of bad) {
      const response = await send(endpoints, loginRequest({ dpop }));
      expectError(response, 'invalid_dpop_proof');
      expect(response.body).not.toContain(dpop);
    }
    expect(called).toBe(0);
  });

  it('refuses a replayed proof', async () => {
    const { endpoints } = setUp();
    const dpop = await proofFor(key, '/auth/login');
    expect((await send(endpoints, loginRequest({ dpop }))).status).toBe(200);
    expectError(await send(endpoints, loginRequest({ dpop })), 'invalid_dpop_proof');
  });

  it('remembers proofs in the issuer store: a replay at another instance is refused', async () => {
    const { endpoints, store } = setUp();
    const { endpoints: second } = setUp({}, {}, store);
    const dpop = await proofFor(key, '/auth/login');
    expect((await send(endpoints, loginRequest({ dpop }))).status).toBe(200);
    expectError(await send(second, loginRequest({ dpop })), 'invalid_dpop_proof');
  });

  it('refuses a proof for a family issued without one, and leaves the token usable', async () => {
    const { endpoints } = setUp();
    const login = json(await send(endpoints, loginRequest()));
    const refreshToken = login.refresh_token as string;
    expectError(
      await send(endpoints, refreshRequest(refreshToken, await proofFor(key, '/auth/token'))),
      'invalid_grant',
    );
    const next = await send(endpoints, refreshRequest(refreshToken));
    expect(next.status).toBe(200);
    expect(json(next).token_type).toBe('Bearer');
  });

  it('with dpop.required, refuses a login or a refresh without a proof', async () => {
    const { endpoints } = setUp({ dpop: { required: true } });
    expectError(await send(endpoints, loginRequest()), 'invalid_dpop_proof');
    const login = await boundLogin(endpoints);
    expectError(await send(endpoints, refreshRequest(login.refresh_token)), 'invalid_dpop_proof');
  });

  it('with server nonces, answers use_dpop_nonce and a DPoP-Nonce the next proof can carry', async () => {
    const { endpoints } = setUp({ dpop: { nonce: createDpopNonces() } });
    const first = await send(endpoints, loginRequest({ dpop: await proofFor(key, '/auth/login') }));
    expectError(first, 'use_dpop_nonce');
    const nonce = header(first, 'dpop-nonce');
    expect(nonce).toBeTruthy();
    const second = await send(
      endpoints,
      loginRequest({ dpop: await proofFor(key, '/auth/login', { nonce }) }),
    );
    expect(second.status).toBe(200);
  });

  it('answers 500 when the replay store cannot be read (fail closed)', async () => {
    const { endpoints } = setUp({
      dpop: { replayStore: { checkAndSet: () => Promise.reject(new Error('down')) } },
    });
    const response = await send(
      endpoints,
      loginRequest({ dpop: await proofFor(key, '/auth/login') }),
    );
    expect(response.status).toBe(500);
    expect(json(response)).toEqual({ error: 'server_error' });
  });
});
