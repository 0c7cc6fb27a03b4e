/**
 * Several issuers, encrypted tokens (JWE) and the protected-resource metadata (RFC 9728) on
 * Fastify, over real HTTP.
 */
import {
  createTestIssuer,
  encryptToken,
  generateEncryptionKey,
  type TestIssuer,
} from '@jwt-guard/testing';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jwtAuth, protectedResourceMetadata, requireScope } from '../src/index.js';
import { get, serve } from './serve.js';

let hr: TestIssuer;
let sales: TestIssuer;
let stranger: TestIssuer;
let app: FastifyInstance;
let base: string;
let encryption: Awaited<ReturnType<typeof generateEncryptionKey>>;

const RESOURCE = 'https://api.example.test/orders';
const METADATA_URL = 'https://api.example.test/.well-known/oauth-protected-resource/orders';

beforeAll(async () => {
  [hr, sales, stranger, encryption] = await Promise.all([
    createTestIssuer(),
    createTestIssuer(),
    createTestIssuer(),
    generateEncryptionKey(),
  ]);
  app = Fastify();
  const metadata = protectedResourceMetadata({
    resource: RESOURCE,
    authorizationServers: [hr.issuer],
    scopesSupported: ['read:orders'],
  });
  app.addHook('onRequest', metadata);
  await app.register(jwtAuth, {
    issuer: [hr.issuer, sales.issuer],
    audience: hr.audience,
    decryption: { keys: [encryption.privateJwk] },
    challenge: { resourceMetadata: metadata.url },
  });
  app.get('/orders', { preHandler: requireScope('read:orders') }, async (request) => ({
    iss: request.auth?.payload.iss,
  }));
  base = await serve(app);
});
afterAll(async () => {
  await app.close();
  await Promise.all([hr.close(), sales.close(), stranger.close()]);
});

const reader = { claims: { scope: 'read:orders' } };

describe('Fastify: several issuers, JWE, resource metadata', () => {
  it('accepts a token of each listed issuer and refuses any other', async () => {
    for (const issuer of [hr, sales]) {
      const token = await issuer.mint({
        ...reader,
        claims: { ...reader.claims, aud: hr.audience },
      });
      const res = await get(base, '/orders', `Bearer ${token}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ iss: issuer.issuer });
    }
    const foreign = await stranger.mint({ claims: { ...reader.claims, aud: hr.audience } });
    expect((await get(base, '/orders', `Bearer ${foreign}`)).status).toBe(401);
    expect(stranger.requests.jwks).toBe(0);
  });

  it('decrypts an encrypted token, then verifies it', async () => {
    const jwe = await encryptToken(await hr.mint(reader), { key: encryption.publicJwk });
    const res = await get(base, '/orders', `Bearer ${jwe}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ iss: hr.issuer });
    const other = await generateEncryptionKey();
    const undecryptable = await encryptToken(await hr.mint(reader), { key: other.publicJwk });
    expect((await get(base, '/orders', `Bearer ${undecryptable}`)).status).toBe(401);
  });

  it('serves the metadata, and names it in challenges', async () => {
    const res = await get(base, '/.well-known/oauth-protected-resource/orders');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      resource: RESOURCE,
      authorization_servers: [hr.issuer],
      scopes_supported: ['read:orders'],
    });
    const refused = await get(base, '/orders');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe(
      `Bearer realm="api", resource_metadata="${METADATA_URL}"`,
    );
  });
});
