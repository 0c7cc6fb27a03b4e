/**
 * End to end on 127.0.0.1: an access token issued by refresh() verifies with jwt-guard's
 * own verifier (discovery, rfc9068 profile, isRevoked from the issuer), and once reuse is
 * detected the same token is refused as revoked.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createVerifier, InvalidTokenError } from '@jwt-guard/core';
import { createMemoryStore } from '@jwt-guard/core/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenIssuer, IssuerError, type TokenIssuer } from '../src/index.js';
import { SECRET } from './helpers.js';

const AUDIENCE = 'https://api.example.com';
let server: Server;
let issuer: string;
let tokens: TokenIssuer;

beforeAll(async () => {
  server = createServer((request, response) => {
    const answer = (body: Promise<unknown>) =>
      body.then(
        (value) => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify(value));
        },
        () => response.writeHead(503).end(),
      );
    if (request.url === '/.well-known/jwks.json') answer(tokens.jwks());
    else if (request.url === '/.well-known/oauth-authorization-server') answer(tokens.metadata());
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  tokens = createTokenIssuer({
    issuer,
    audience: AUDIENCE,
    store: createMemoryStore(),
    keys: { encryptionSecret: SECRET, schedule: false },
    refreshToken: { reuseGrace: 1 },
  });
});
afterAll(async () => {
  tokens.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('refresh end to end with the verifier', () => {
  it('verifies a refreshed access token, and refuses it as revoked after reuse detection', async () => {
    const verifier = createVerifier({
      issuer,
      audience: AUDIENCE,
      profile: 'rfc9068',
      isRevoked: tokens.isRevoked,
    });
    const login = await tokens.issue({ sub: 'alice', scope: 'read' });
    const refreshed = await tokens.refresh(login.refreshToken);
    const { payload } = await verifier.verify(refreshed.accessToken);
    expect(payload).toMatchObject({ sub: 'alice', scope: 'read', iss: issuer });

    // A stolen copy of the first refresh token comes back after the rotation: theft.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const reuse = await tokens.refresh(login.refreshToken).catch((error: unknown) => error);
    expect(reuse).toBeInstanceOf(IssuerError);
    expect((reuse as IssuerError).code).toBe('ERR_REFRESH_TOKEN_REUSED');

    for (const accessToken of [login.accessToken, refreshed.accessToken]) {
      const refused = await verifier.verify(accessToken).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(InvalidTokenError);
      expect((refused as InvalidTokenError).code).toBe('ERR_TOKEN_REVOKED');
    }
  });
});
