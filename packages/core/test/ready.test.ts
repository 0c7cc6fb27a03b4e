/** `verifier.ready()`: a start-up check that tells a misconfiguration apart from an outage. */
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier } from '../src/index.js';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['ES256'] });
});
afterAll(() => issuer.close());

describe('verifier.ready', () => {
  it('resolves once the keys of every named issuer are loaded, and then needs no fetch', async () => {
    const verifier = createVerifier({ issuer: issuer.issuer, audience: issuer.audience });
    await verifier.ready();
    const fetched = issuer.requests.jwks;
    await verifier.verify(await issuer.mint());
    expect(issuer.requests.jwks).toBe(fetched);
  });

  it('names both issuers when they differ by a trailing slash', async () => {
    const verifier = createVerifier({ issuer: `${issuer.issuer}/`, audience: issuer.audience });
    await expect(verifier.ready()).rejects.toThrow(
      `names issuer "${issuer.issuer}", but the configured issuer is "${issuer.issuer}/" (they differ only by a trailing slash`,
    );
  });

  it('names the URL and the status of a wrong jwksUri', async () => {
    const jwksUri = `${issuer.issuer}/nowhere.json`;
    const verifier = createVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUri });
    await expect(verifier.ready()).rejects.toThrow(
      `jwt-guard: the keys of ${issuer.issuer} cannot be had: ${jwksUri}: unexpected status 404`,
    );
  });

  it('says why a key set is unusable', async () => {
    const empty = await createTestIssuer({ algorithms: ['ES256'] });
    try {
      empty.serveJwks({ keys: [] });
      const verifier = createVerifier({ issuer: empty.issuer, audience: empty.audience });
      await expect(verifier.ready()).rejects.toThrow(/cannot be had: .*key/);
    } finally {
      await empty.close();
    }
  });

  it('has nothing to load for a resolver', async () => {
    const verifier = createVerifier({ issuer: () => ({}), audience: issuer.audience });
    await expect(verifier.ready()).resolves.toBeUndefined();
  });
});

describe('verifier.ready after failed requests', () => {
  it('still names the first-hand reason while backing off', async () => {
    const jwksUri = `${issuer.issuer}/missing.json`;
    const verifier = createVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUri });
    await verifier.verify(await issuer.mint()).catch(() => undefined);
    await expect(verifier.ready()).rejects.toThrow(`${jwksUri}: unexpected status 404`);
  });
});
