/**
 * Tokens from the issuer, verified by others: jose's jwtVerify, and jwt-guard's own
 * verifier fetching the key set and the metadata from a real server on 127.0.0.1.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createVerifier, DEFAULT_DPOP_ALGORITHMS } from '@jwt-guard/core';
import { createMemoryStore } from '@jwt-guard/core/store';
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenIssuer, type TokenIssuer } from '../src/index.js';
import { kidOf, SECRET } from './helpers.js';

const AUDIENCE = 'https://api.example.com';
let server: Server;
let issuer: string;
let tokens: TokenIssuer;
const hits = { jwks: 0, metadata: 0 };

beforeAll(async () => {
  server = createServer((request, response) => {
    const send = (body: unknown) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.url === '/.well-known/jwks.json') {
      hits.jwks += 1;
      tokens.jwks().then(send, () => response.writeHead(503).end());
    } else if (request.url === '/.well-known/oauth-authorization-server') {
      hits.metadata += 1;
      tokens.metadata().then(send, () => response.writeHead(503).end());
    } else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  tokens = createTokenIssuer({
    issuer,
    audience: AUDIENCE,
    store: createMemoryStore(),
    keys: { encryptionSecret: SECRET, schedule: false, refreshEvery: 1 },
  });
});
afterAll(async () => {
  tokens.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('interop', () => {
  it('jose verifies the tokens with the published key set, locally and remotely', async () => {
    const { accessToken } = await tokens.issue({ sub: 'alice', scope: 'read' });
    const local = await jwtVerify(accessToken, createLocalJWKSet(await tokens.jwks()), {
      issuer,
      audience: AUDIENCE,
      typ: 'at+jwt',
    });
    expect(local.payload.sub).toBe('alice');
    const remote = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
    const fetched = await jwtVerify(accessToken, remote, {
      issuer,
      audience: AUDIENCE,
      typ: 'at+jwt',
    });
    expect(fetched.payload.scope).toBe('read');
  });

  it("jwt-guard's verifier accepts them with the rfc9068 profile, by jwksUri and by discovery", async () => {
    const { accessToken } = await tokens.issue({ sub: 'alice', scope: 'read' });
    const byUri = createVerifier({
      issuer,
      audience: AUDIENCE,
      profile: 'rfc9068',
      jwksUri: `${issuer}/.well-known/jwks.json`,
    });
    expect((await byUri.verify(accessToken)).payload).toMatchObject({ sub: 'alice', iss: issuer });
    const before = hits.metadata;
    const byDiscovery = createVerifier({ issuer, audience: AUDIENCE, profile: 'rfc9068' });
    expect((await byDiscovery.verify(accessToken)).payload.sub).toBe('alice');
    expect(hits.metadata).toBeGreaterThan(before);
  });

  it('a verifier that cached the key set before a rotation verifies tokens issued right after it', async () => {
    const verifier = createVerifier({
      issuer,
      audience: AUDIENCE,
      profile: 'rfc9068',
      jwksUri: `${issuer}/.well-known/jwks.json`,
    });
    const beforeToken = (await tokens.issue({ sub: 'alice' })).accessToken;
    await verifier.verify(beforeToken);
    const fetches = hits.jwks;
    const { rotated, kid } = await tokens.rotateKeys();
    expect(rotated).toBe(true);
    const afterToken = (await tokens.issue({ sub: 'alice' })).accessToken;
    expect(kidOf(afterToken)).toBe(kid);
    expect(kidOf(afterToken)).not.toBe(kidOf(beforeToken));
    expect((await verifier.verify(afterToken)).payload.sub).toBe('alice');
    // The retiring key stays published, so tokens it signed keep verifying too.
    expect((await verifier.verify(beforeToken)).payload.sub).toBe('alice');
    expect(hits.jwks).toBe(fetches);
  });

  it('advertises exactly the DPoP proof algorithms core accepts by default', async () => {
    expect((await tokens.metadata()).dpop_signing_alg_values_supported).toEqual([
      ...DEFAULT_DPOP_ALGORITHMS,
    ]);
  });

  it('publishes the metadata of RFC 8414 for its endpoints', async () => {
    expect(await tokens.metadata()).toMatchObject({
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      token_endpoint: `${issuer}/auth/token`,
      revocation_endpoint: `${issuer}/auth/revoke`,
      grant_types_supported: ['refresh_token'],
      token_endpoint_auth_methods_supported: ['none'],
      dpop_signing_alg_values_supported: expect.arrayContaining(['ES256']),
    });
    expect((await tokens.metadata({ basePath: '/v1/' })).token_endpoint).toBe(
      `${issuer}/v1/auth/token`,
    );
  });
});
