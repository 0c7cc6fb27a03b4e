/** `verifier.ready()`: a start-up check that tells a misconfiguration apart from an outage. */
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, NotReadyError } from '../../src/index.js';

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

describe('the code of a ready() rejection', () => {
  const codeOfReady = (verifier: { ready(): Promise<void> }) =>
    verifier.ready().then(
      () => 'resolved',
      (error: unknown) => {
        expect(error).toBeInstanceOf(NotReadyError);
        return (error as NotReadyError).code;
      },
    );

  it('is ERR_KEYS_MISCONFIGURED when the issuer answered and the answer cannot serve', async () => {
    const empty = await createTestIssuer({ algorithms: ['ES256'] });
    try {
      empty.serveJwks({ keys: [] });
      const base = { issuer: issuer.issuer, audience: issuer.audience };
      expect(await codeOfReady(createVerifier({ ...base, issuer: `${issuer.issuer}/` }))).toBe(
        'ERR_KEYS_MISCONFIGURED',
      );
      const wrongUri = createVerifier({ ...base, jwksUri: `${issuer.issuer}/nowhere.json` });
      expect(await codeOfReady(wrongUri)).toBe('ERR_KEYS_MISCONFIGURED');
      // The same while backing off after a failed request.
      await wrongUri.verify(await issuer.mint()).catch(() => undefined);
      expect(await codeOfReady(wrongUri)).toBe('ERR_KEYS_MISCONFIGURED');
      const unusable = createVerifier({ issuer: empty.issuer, audience: empty.audience });
      expect(await codeOfReady(unusable)).toBe('ERR_KEYS_MISCONFIGURED');
    } finally {
      await empty.close();
    }
  });

  it('is ERR_KEYS_UNAVAILABLE when the issuer is down or cannot be reached, so retrying may help', async () => {
    const down = await createTestIssuer({ algorithms: ['ES256'] });
    try {
      down.setOutage(true);
      const verifier = createVerifier({ issuer: down.issuer, audience: down.audience });
      const error = await verifier.ready().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(NotReadyError);
      expect(error).toMatchObject({ code: 'ERR_KEYS_UNAVAILABLE', issuer: down.issuer });
    } finally {
      await down.close();
    }
    // Nothing listens at a closed issuer's address any more: the connection is refused.
    const closed = await createTestIssuer({ algorithms: ['ES256'] });
    const address = closed.issuer;
    await closed.close();
    const refused = createVerifier({ issuer: address, audience: 'https://api.example.test' });
    expect(await codeOfReady(refused)).toBe('ERR_KEYS_UNAVAILABLE');
  });

  it('is ERR_KEYS_UNAVAILABLE for 429 and 408 as for 5xx, and misconfigured for 403', async () => {
    for (const [status, code] of [
      [429, 'ERR_KEYS_UNAVAILABLE'],
      [408, 'ERR_KEYS_UNAVAILABLE'],
      [502, 'ERR_KEYS_UNAVAILABLE'],
      [403, 'ERR_KEYS_MISCONFIGURED'],
    ] as const) {
      const verifier = createVerifier({
        issuer: issuer.issuer,
        audience: issuer.audience,
        jwksUri: `${issuer.issuer}/jwks`,
        fetch: async () => new Response('no', { status }),
      });
      expect(await codeOfReady(verifier)).toBe(code);
    }
  });
});
