/**
 * DPoP in the token client (RFC 9449): proofs on token requests from every accepted key form,
 * DPoP-bound tokens only, the token endpoint's and an API's nonces, and `fetch`/`proof` for
 * calls to APIs, against a local token endpoint and a local API.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateDpopKey } from '@jwt-guard/testing';
import {
  base64url,
  calculateJwkThumbprint,
  decodeProtectedHeader,
  EmbeddedJWK,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  jwtVerify,
} from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTokenClient, type DpopKeyInput } from '../../src/client/index.js';
import { type LocalTokenEndpoint, startLocalTokenEndpoint } from './local-token-endpoint.js';

let op: LocalTokenEndpoint;
beforeEach(async () => {
  op = await startLocalTokenEndpoint();
  op.answer = { kind: 'token', expiresIn: 300, tokenType: 'DPoP' };
});
afterEach(() => op.close());

const client = (key: DpopKeyInput) =>
  createTokenClient({
    issuer: op.issuer,
    clientId: 'svc',
    clientSecret: 's',
    dpop: { key },
    retries: 0,
  });

/** Verifies a proof by its own header key, as a server does, and returns its parts. */
async function readProof(proof: string | undefined) {
  expect(proof).toBeTypeOf('string');
  const { payload, protectedHeader } = await jwtVerify(proof as string, EmbeddedJWK, {
    typ: 'dpop+jwt',
  });
  const jwk = protectedHeader.jwk as JWK;
  return { payload, jwk, jkt: await calculateJwkThumbprint(jwk) };
}

const athOf = async (token: string) =>
  base64url.encode(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token))),
  );

const ecPair = () =>
  crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ]) as Promise<CryptoKeyPair>;

describe('token requests with DPoP', () => {
  it('sends a proof of the key for POST to the token endpoint, without ath', async () => {
    const pair = await ecPair();
    expect(await client(pair).getToken()).toBe('at-1');
    const { payload, jwk, jkt } = await readProof(op.requests[0]?.dpop);
    expect(payload).toMatchObject({ htm: 'POST', htu: op.tokenEndpoint });
    expect(payload.ath).toBeUndefined();
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(jwk).toEqual({ kty: 'EC', crv: 'P-256', x: expect.any(String), y: expect.any(String) });
    expect(jkt).toBe(await calculateJwkThumbprint(await exportJWK(pair.publicKey)));
  });

  it("accepts @jwt-guard/testing's DPoP key as it is", async () => {
    const key = await generateDpopKey('ES384');
    await client(key).getToken();
    const proof = op.requests[0]?.dpop as string;
    expect(decodeProtectedHeader(proof).alg).toBe('ES384');
    expect((await readProof(proof)).jkt).toBe(key.jkt);
  });

  it('accepts a private JWK and never puts its private members in a proof', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: 'k1' };
    await client(jwk).getToken();
    const { jwk: header } = await readProof(op.requests[0]?.dpop);
    expect(header).toEqual({ kty: 'OKP', crv: 'Ed25519', x: jwk.x });
  });

  it('refuses a token the endpoint issued as Bearer: it would not be bound', async () => {
    op.answer = { kind: 'token', expiresIn: 300, tokenType: 'Bearer' };
    await expect(client(await ecPair()).getToken()).rejects.toMatchObject({
      code: 'ERR_TOKEN_RESPONSE_INVALID',
    });
  });

  it("retries once with the token endpoint's nonce (use_dpop_nonce)", async () => {
    const nonceAnswer = {
      kind: 'status',
      status: 400,
      body: { error: 'use_dpop_nonce' },
      headers: { 'dpop-nonce': 'nonce-1' },
    } as const;
    op.queue.push(nonceAnswer);
    const tokens = client(await ecPair());
    expect(await tokens.getToken()).toBe('at-1');
    const [first, second] = await Promise.all(op.requests.map((r) => readProof(r.dpop)));
    expect(first?.payload.nonce).toBeUndefined();
    expect(second?.payload.nonce).toBe('nonce-1');
    expect(second?.payload.jti).not.toBe(first?.payload.jti);

    // A second refusal is not retried again: the round fails with the endpoint's error.
    op.queue.push(nonceAnswer, nonceAnswer);
    await expect(tokens.exchange('user-1')).rejects.toMatchObject({
      code: 'ERR_TOKEN_REQUEST_REJECTED',
      oauthError: 'use_dpop_nonce',
    });
    expect(op.requests).toHaveLength(4);
  });

  it('refuses a key that cannot sign proofs, naming dpop.key', async () => {
    const { publicKey } = await generateKeyPair('ES256', { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    for (const key of [
      publicJwk,
      { kty: 'oct', k: 'c2VjcmV0' },
      'pem',
      { privateKey: publicKey, publicKey },
      { privateKey: (await ecPair()).privateKey, publicJwk: { ...publicJwk, d: 'x' } },
    ]) {
      expect(() => client(key as never)).toThrow(/dpop\.key/);
    }
    expect(() =>
      createTokenClient({
        issuer: op.issuer,
        clientId: 'svc',
        clientSecret: 's',
        dpop: 1 as never,
      }),
    ).toThrow(/createTokenClient: dpop must be an object/);
  });
});

describe('calls to an API with DPoP', () => {
  let api: {
    origin: string;
    seen: IncomingHttpHeaders[];
    /** Answers queued ahead of 200. */
    queue: { status: number; headers: Record<string, string> }[];
    close(): Promise<void>;
  };
  beforeEach(async () => {
    const server = createServer((req, res) => {
      api.seen.push(req.headers);
      const next = api.queue.shift();
      if (next) return void res.writeHead(next.status, next.headers).end('refused');
      res.writeHead(200).end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    api = {
      origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      seen: [],
      queue: [],
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  });
  afterEach(() => api.close());

  const proofOf = (index: number) => readProof(api.seen[index]?.dpop as string);

  it('sends Authorization: DPoP and a fresh proof per call with htm, htu and ath', async () => {
    const tokens = client(await ecPair());
    const url = `${api.origin}/orders/7?expand=lines#top`;
    await tokens.fetch(url, { method: 'DELETE' });
    await tokens.fetch(url, { method: 'DELETE' });
    expect(api.seen[0]?.authorization).toBe('DPoP at-1');
    const [first, second] = [await proofOf(0), await proofOf(1)];
    expect(first.payload).toMatchObject({
      htm: 'DELETE',
      htu: `${api.origin}/orders/7`,
      ath: await athOf('at-1'),
    });
    expect(second.payload.jti).not.toBe(first.payload.jti);
    expect(op.requests).toHaveLength(1);
  });

  it("retries once with the API's nonce and remembers it for its origin only", async () => {
    const tokens = client(await ecPair());
    api.queue.push({
      status: 401,
      headers: {
        'www-authenticate': 'DPoP algs="ES256", error="use_dpop_nonce"',
        'dpop-nonce': 'api-nonce',
      },
    });
    const response = await tokens.fetch(`${api.origin}/orders`);
    expect(response.status).toBe(200);
    expect((await proofOf(0)).payload.nonce).toBeUndefined();
    expect((await proofOf(1)).payload.nonce).toBe('api-nonce');
    await tokens.fetch(`${api.origin}/other`);
    expect((await proofOf(2)).payload.nonce).toBe('api-nonce');
    // Nonces are per origin: the token endpoint's origin has none.
    const tokenEndpointProof = await readProof(op.requests[0]?.dpop);
    expect(tokenEndpointProof.payload.nonce).toBeUndefined();
    const other = await readProof(await tokens.proof('GET', 'http://localhost:1/x'));
    expect(other.payload.nonce).toBeUndefined();
  });

  it('does not retry a nonce challenge that brings no new nonce', async () => {
    api.queue.push({
      status: 401,
      headers: { 'www-authenticate': 'DPoP error="use_dpop_nonce"' },
    });
    expect((await client(await ecPair()).fetch(`${api.origin}/orders`)).status).toBe(401);
    expect(api.seen).toHaveLength(1);
  });

  it('renews after invalid_token on a DPoP challenge', async () => {
    const tokens = client(await ecPair());
    api.queue.push({
      status: 401,
      headers: { 'www-authenticate': 'DPoP algs="ES256", error="invalid_token"' },
    });
    expect((await tokens.fetch(`${api.origin}/orders`)).status).toBe(200);
    expect(api.seen.map((h) => h.authorization)).toEqual(['DPoP at-1', 'DPoP at-2']);
    expect((await proofOf(1)).payload.ath).toBe(await athOf('at-2'));
  });

  it('makes proofs for your own HTTP client, with ath when a token is given', async () => {
    const key = await generateDpopKey();
    const tokens = client(key);
    const token = await tokens.getToken();
    const { payload, jkt } = await readProof(
      await tokens.proof('PATCH', `${api.origin}/orders/1?x=1`, token),
    );
    expect(jkt).toBe(key.jkt);
    expect(payload).toMatchObject({
      htm: 'PATCH',
      htu: `${api.origin}/orders/1`,
      ath: await athOf(token),
    } satisfies JWTPayload);
    tokens.learnNonce(
      `${api.origin}/`,
      new Response(null, { status: 401, headers: { 'dpop-nonce': 'own-client-nonce' } }),
    );
    const withNonce = await readProof(await tokens.proof('GET', `${api.origin}/orders`));
    expect(withNonce.payload.nonce).toBe('own-client-nonce');
    expect(withNonce.payload.ath).toBeUndefined();
  });

  it('refuses proof() on a client without a DPoP key', async () => {
    const bearer = createTokenClient({ issuer: op.issuer, clientId: 'svc', clientSecret: 's' });
    await expect(bearer.proof('GET', `${api.origin}/`)).rejects.toThrow(TypeError);
  });
});
