/**
 * Regressions found by a review of the new request paths: a resolver asked again on cache
 * hits, its per-request refusals not remembered, DPoP-only refusing tokens sent any other
 * way, and a shared key document with no usable key passed by.
 */
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator, type TokenSources } from '../src/adapter.js';
import { createMemoryStore, createVerifier, type IssuerConfig } from '../src/index.js';
import { codeOf } from './outcome.js';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['ES256'] });
});
afterAll(() => issuer.close());

describe('an issuer resolver on cache hits', () => {
  it('is asked again: a token cached for one request is refused where the resolver refuses', async () => {
    let trusted = true;
    const verifier = createVerifier({
      audience: issuer.audience,
      issuer: () => (trusted ? {} : undefined),
    });
    const token = await issuer.mint();
    await verifier.verify(token);
    expect(verifier.reuse(token)).toMatchObject({ token });
    trusted = false;
    expect(await codeOf(verifier.verify(token))).toBe('ERR_ISSUER_MISMATCH');
    expect(() => verifier.reuse(token)).toThrow(
      expect.objectContaining({ code: 'ERR_ISSUER_MISMATCH' }),
    );
  });

  it('holds each request to the config it gives for that request, and forgets nothing between them', async () => {
    // A tenant in the host name: host a accepts audience a, host b audience b.
    const configs: Record<string, IssuerConfig> = {
      a: { audience: 'aud-a' },
      b: { audience: 'aud-b' },
    };
    const authenticator = createAuthenticator<{ host: string; authorization: string }>(
      {
        audience: 'unused',
        issuer: (_iss, request) => configs[(request as { host: string }).host],
      },
      (request) => ({ authorization: request.authorization }),
    );
    const token = await issuer.mint({ claims: { aud: 'aud-a' } });
    const on = (host: string) =>
      authenticator.authenticate({ host, authorization: `Bearer ${token}` });
    expect((await on('a'))?.token).toBe(token);
    expect(await codeOf(on('b'))).toBe('ERR_AUDIENCE_MISMATCH');
    // The refusal on b is not remembered for a.
    expect((await on('a'))?.token).toBe(token);
  });
});

describe('dpop: { required: true }', () => {
  it('refuses a token sent any way but Authorization: DPoP', async () => {
    const base = { issuer: issuer.issuer, audience: issuer.audience, dpop: { required: true } };
    const token = await issuer.mint();
    const fromCookie = createAuthenticator<TokenSources>(
      { ...base, tokenFromCookie: 'at' },
      (s) => s,
    );
    expect(await codeOf(fromCookie.authenticate({ cookie: `at=${token}` }))).toBe('ERR_NO_TOKEN');
    const fromQuery = createAuthenticator<TokenSources>(
      { ...base, tokenFromQuery: true },
      (s) => s,
    );
    expect(await codeOf(fromQuery.authenticate({ query: `/x?access_token=${token}` }))).toBe(
      'ERR_NO_TOKEN',
    );
    const custom = createAuthenticator<TokenSources>({ ...base, getToken: () => token }, (s) => s);
    const refused = await custom.authenticate({}).catch((error: unknown) => error);
    expect(refused).toMatchObject({
      code: 'ERR_NO_TOKEN',
      headers: { 'WWW-Authenticate': expect.stringMatching(/^DPoP realm="api", algs="/) },
    });
  });
});

describe('a shared key document with no usable key', () => {
  it('is passed by: the issuer is fetched, and a far-future freshness is capped', async () => {
    const store = createMemoryStore();
    const jwksUri = `${issuer.issuer}/jwks.json`;
    for (const json of [null, { keys: [] }, { keys: 'x' }]) {
      await store.set(
        `jwks:${jwksUri}`,
        JSON.stringify({ json, etag: undefined, freshUntil: 1e300 }),
        60_000,
      );
      const before = issuer.requests.jwks;
      const verifier = createVerifier({ issuer: issuer.issuer, audience: issuer.audience, store });
      expect((await verifier.verify(await issuer.mint())).payload.iss).toBe(issuer.issuer);
      expect(issuer.requests.jwks - before).toBe(1);
    }
  });
});
