/** createTokenClient checks its options at creation and names the one that is wrong. */
import { describe, expect, it } from 'vitest';
import { createTokenClient, type TokenClientOptions } from '../../src/client/index.js';
import { retryDelayMs } from '../../src/client/retry.js';

const base = { issuer: 'https://id.example.com', clientId: 'svc', clientSecret: 's' };

describe('createTokenClient options', () => {
  it.each([
    [{ issuer: 'http://id.example.com' }, /issuer/],
    [{ issuer: 'not a url' }, /issuer/],
    [{ clientId: '' }, /clientId/],
    [{ clientSecret: undefined }, /clientSecret is required/],
    [{ privateKey: {} }, /exclusive/],
    [{ clientSecret: undefined, privateKey: '-----BEGIN PRIVATE KEY-----' }, /privateKeyAlg/],
    [{ tokenEndpointAuthMethod: 'client_secret_jwt' }, /tokenEndpointAuthMethod/],
    [{ tokenEndpointAuthMethod: 'private_key_jwt' }, /privateKey is required/],
    [{ audience: 'orders-api' }, /audience must be an absolute URI/],
    [{ audience: 'https://api.test/#x' }, /audience/],
    [{ audienceParameter: 'aud' }, /audienceParameter/],
    [{ scope: 'a "b"' }, /scope/],
    [{ scope: [] }, /scope/],
    [{ refreshAhead: -1 }, /refreshAhead/],
    [{ timeout: 0 }, /timeout/],
    [{ retries: Number.NaN }, /retries/],
    [{ fetch: 'fetch' }, /fetch/],
    [{ exchangeGrant: 'obo' }, /exchangeGrant/],
    [{ dpop: { key: 'pem' } }, /dpop\.key/],
  ])('refuses %o', (change, message) => {
    const options = { ...base, ...change } as unknown as TokenClientOptions;
    expect(() => createTokenClient(options)).toThrow(TypeError);
    expect(() => createTokenClient(options)).toThrow(message);
  });

  it('accepts a non-URI audience sent as audience, and does not touch the caller object', () => {
    const options = Object.freeze({
      ...base,
      audience: 'orders-api',
      audienceParameter: 'audience' as const,
    });
    expect(() => createTokenClient(options)).not.toThrow();
  });
});

describe('retry delays', () => {
  it('double from 200 ms up to 2 s, jittered within the upper half', () => {
    expect([1, 2, 3, 5, 9].map((n) => retryDelayMs(n, () => 1))).toEqual([
      200, 400, 800, 2000, 2000,
    ]);
    expect(retryDelayMs(1, () => 0)).toBe(100);
  });
});
