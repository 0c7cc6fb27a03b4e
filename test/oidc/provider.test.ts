/**
 * The local OpenID Provider issues what the adapter tests rely on, checked with jose
 * alone: a signed access token, or one signed then encrypted to the API's key.
 */
import {
  compactDecrypt,
  createLocalJWKSet,
  decodeProtectedHeader,
  generateKeyPair,
  type JSONWebKeySet,
  jwtVerify,
} from 'jose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type LocalProvider, RESOURCE, RESOURCE_SCOPES, startProvider } from './provider.js';

let a: LocalProvider;
let b: LocalProvider;
let apiKeys: CryptoKeyPair;

beforeAll(async () => {
  apiKeys = await generateKeyPair('RSA-OAEP-256', { extractable: true });
  [a, b] = await Promise.all([
    startProvider(),
    startProvider({ alg: 'RS256', encryptTo: { key: apiKeys.publicKey, kid: 'api-enc' } }),
  ]);
});

afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

/** Verifies a signed token against the key set `provider` publishes. */
async function verifyWith(provider: LocalProvider, jws: string) {
  const jwks = (await (await fetch(`${provider.issuer}/jwks`)).json()) as JSONWebKeySet;
  return jwtVerify(jws, createLocalJWKSet(jwks), { issuer: provider.issuer, audience: RESOURCE });
}

it('issues a signed RFC 9068 access token with the asked scope', async () => {
  const token = await a.token('read:orders');
  const { payload, protectedHeader } = await verifyWith(a, token);
  expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
  expect(payload).toMatchObject({
    iss: a.issuer,
    aud: RESOURCE,
    sub: 'orders-worker',
    client_id: 'orders-worker',
    scope: 'read:orders',
  });
});

it('keeps only the scopes the API defines', async () => {
  const { payload } = await verifyWith(a, await a.token(`${RESOURCE_SCOPES} admin:all`));
  expect(payload.scope).toBe(RESOURCE_SCOPES);
});

it('encrypts to the API a token it signed (nested JWT)', async () => {
  const token = await b.token();
  expect(token.split('.')).toHaveLength(5);
  expect(decodeProtectedHeader(token)).toMatchObject({
    alg: 'RSA-OAEP-256',
    enc: 'A256GCM',
    kid: 'api-enc',
    // oidc-provider names the inner token's media type, not RFC 7519 §5.2's `JWT`.
    cty: 'at+jwt',
  });
  const { plaintext } = await compactDecrypt(token, apiKeys.privateKey);
  const { payload, protectedHeader } = await verifyWith(b, new TextDecoder().decode(plaintext));
  expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
  expect(payload).toMatchObject({ iss: b.issuer, aud: RESOURCE, scope: RESOURCE_SCOPES });
});

it('counts the requests it serves', async () => {
  const before = a.requests;
  await a.token();
  expect(a.requests).toBe(before + 1);
});
