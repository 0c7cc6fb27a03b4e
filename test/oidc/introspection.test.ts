/**
 * Introspection against a real oidc-provider: its opaque tokens are introspected and its
 * JWTs verified locally, side by side on one verifier; a revoked token turns inactive; a
 * signed answer (RFC 9701) verifies with its keys; a DPoP-bound token's `cnf.jkt` arrives
 * in the payload.
 */

import { createVerifier, JwtGuardError, type Verifier } from '@jwt-guard/core';
import { generateDpopKey } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type IntrospectionClient,
  type IntrospectionProvider,
  startIntrospectionProvider,
} from './introspection-provider.js';
import { RESOURCE } from './provider.js';

let op: IntrospectionProvider;
let signing: IntrospectionProvider;
beforeAll(async () => {
  [op, signing] = await Promise.all([
    startIntrospectionProvider(),
    startIntrospectionProvider({ signedAnswers: true }),
  ]);
});
afterAll(() => Promise.all([op.close(), signing.close()]));

const verifierFor = (client: IntrospectionClient, maxRetryDelay?: number): Verifier =>
  createVerifier({
    audience: RESOURCE,
    issuer: [{ issuer: op.issuer, introspection: { ...client, cacheMaxAge: 0, maxRetryDelay } }],
  });

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof JwtGuardError ? error.code : String(error)),
  );

describe('introspection against oidc-provider', () => {
  it('opaque tokens are introspected, JWTs verified locally, on one verifier', async () => {
    const verifier = verifierFor(op.api);
    const opaque = await op.token('opaque');
    expect(opaque.startsWith('ey')).toBe(false);
    const { payload } = await verifier.verify(opaque);
    expect(payload).toMatchObject({
      iss: op.issuer,
      aud: RESOURCE,
      client_id: 'opaque-worker',
      scope: 'read:orders write:orders',
    });
    const before = op.introspections;
    const jwt = await op.token('jwt');
    expect((await verifier.verify(jwt)).payload).toMatchObject({
      iss: op.issuer,
      client_id: 'jwt-worker',
    });
    expect(op.introspections).toBe(before);
  });

  it('a revoked opaque token is inactive: ERR_TOKEN_INACTIVE', async () => {
    const verifier = verifierFor(op.api);
    const opaque = await op.token('opaque');
    expect(await codeOf(verifier.verify(opaque))).toBe('resolved');
    await op.revoke(opaque);
    expect(await codeOf(verifier.verify(opaque))).toBe('ERR_TOKEN_INACTIVE');
  });

  it('RFC 9701: a signed answer verifies with the provider keys', async () => {
    // The real fetch, watched: which media type the provider answered in.
    const answeredAs: (string | null)[] = [];
    const verifier = createVerifier({
      audience: RESOURCE,
      issuer: [{ issuer: signing.issuer, introspection: { ...signing.api, cacheMaxAge: 0 } }],
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (String(input).endsWith('/token/introspection')) {
          answeredAs.push(response.headers.get('content-type'));
        }
        return response;
      },
    });
    const opaque = await signing.token('opaque');
    const { payload } = await verifier.verify(opaque);
    expect(payload).toMatchObject({
      iss: signing.issuer,
      aud: RESOURCE,
      client_id: 'opaque-worker',
    });
    await signing.revoke(opaque);
    expect(await codeOf(verifier.verify(opaque))).toBe('ERR_TOKEN_INACTIVE');
    expect(answeredAs).toEqual([
      expect.stringMatching(/^application\/token-introspection\+jwt/),
      expect.stringMatching(/^application\/token-introspection\+jwt/),
    ]);
  });

  it('a DPoP-bound opaque token carries its key thumbprint in cnf.jkt', async () => {
    const key = await generateDpopKey();
    const { payload } = await verifierFor(op.api).verify(await op.token('opaque', key));
    expect(payload.cnf).toEqual({ jkt: key.jkt });
  });

  it('the endpoint down: 503, and up again after the backoff without a restart', async () => {
    const verifier = verifierFor(op.api, 200);
    const opaque = await op.token('opaque');
    op.setIntrospectionDown(true);
    try {
      expect(await codeOf(verifier.verify(opaque))).toBe('ERR_INTROSPECTION_UNAVAILABLE');
    } finally {
      op.setIntrospectionDown(false);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await codeOf(verifier.verify(opaque))).toBe('resolved');
  });
});
