/**
 * The audience check (SECURITY.md, Claims; RFC 7519 §4.1.3): `aud` must be the configured
 * audience, or an array that contains it, compared exactly. Fixed examples, on both
 * verification paths, with the token cache off and on (each token verified twice, so the
 * second answer of a cached verifier comes from the cache).
 */
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, type VerifierOptions } from '../../src/index.js';
import { codeOf } from '../outcome.js';

const API = 'https://api.example.com';
const ADMIN = 'https://admin.example.com';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer({ audience: API, algorithms: ['ES256', 'RS256'] });
});
afterAll(() => issuer.close());

const CONFIGURATIONS = [true, false].flatMap((nodeCrypto) =>
  [false as const, {}].map((cache) => ({
    nodeCrypto,
    cache,
    name: `${nodeCrypto ? 'node:crypto' : 'WebCrypto'}, cache ${cache ? 'on' : 'off'}`,
  })),
);

/** The outcome of each of two verifications of a token carrying `aud` (left out when `undefined`). */
async function twice(options: Partial<VerifierOptions>, aud: unknown) {
  const verifier = createVerifier({ issuer: issuer.issuer, audience: API, ...options });
  const token = await issuer.mint(
    aud === undefined ? { omit: ['aud'] } : { claims: { aud: aud as string } },
  );
  return [await codeOf(verifier.verify(token)), await codeOf(verifier.verify(token))];
}

describe.each(CONFIGURATIONS)('the audience check ($name)', ({ nodeCrypto, cache }) => {
  const base = { nodeCrypto, cache };

  it.each<[string, unknown]>([
    ['a prefix', 'https://api.example'],
    ['a longer URL', `${API}/v2`],
    ['a trailing slash', `${API}/`],
    ['the host alone', 'api.example.com'],
    ['another letter case', 'HTTPS://API.EXAMPLE.COM'],
    ['the empty string', ''],
    ['an array holding only a prefix', ['https://api.example']],
    ['an array holding only a longer URL', [`${API}/v2`]],
    ['an empty array', []],
    ['a nested array', [[API]]],
    ['a number', 5],
    ['no aud at all', undefined],
  ])('refuses %s', async (_, aud) => {
    expect(await twice(base, aud)).toEqual(['ERR_AUDIENCE_MISMATCH', 'ERR_AUDIENCE_MISMATCH']);
  });

  it.each<[string, unknown]>([
    ['the exact audience', API],
    ['an array holding it alone', [API]],
    ['an array holding it among others', ['https://api.example', API, 'other']],
  ])('accepts %s', async (_, aud) => {
    expect(await twice(base, aud)).toEqual(['resolved', 'resolved']);
  });

  describe('with several configured audiences', () => {
    const several = { ...base, audience: [API, ADMIN] };

    it.each<[string, unknown]>([
      ['the first', API],
      ['the second', ADMIN],
      ['an array holding one of them', ['other', ADMIN]],
    ])('accepts %s', async (_, aud) => {
      expect(await twice(several, aud)).toEqual(['resolved', 'resolved']);
    });

    it.each<[string, unknown]>([
      ['a prefix of one', 'https://admin.example'],
      ['a longer URL', `${ADMIN}/v2`],
      ['another audience', 'https://other.example.com'],
      ['an array of prefixes', ['https://api.example', 'https://admin.example']],
      ['both joined into one string', `${API} ${ADMIN}`],
      ['an empty array', []],
      ['the empty string', ''],
    ])('refuses %s', async (_, aud) => {
      expect(await twice(several, aud)).toEqual(['ERR_AUDIENCE_MISMATCH', 'ERR_AUDIENCE_MISMATCH']);
    });
  });
});
