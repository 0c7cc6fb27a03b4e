/**
 * The `introspection` option is checked at creation: every mistake is a `TypeError` naming
 * the option path, and several introspecting issuers without selectors are refused.
 */
import { generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  createVerifier,
  type IntrospectionOptions,
  type VerifierOptions,
} from '../../src/index.js';

const AUDIENCE = 'https://api.example.test';
const A = 'https://a.example.test/';
const B = 'https://b.example.test/';
const secret = { clientId: 'api', clientSecret: 's3cret' };

const create = (issuer: VerifierOptions['issuer']) => () =>
  createVerifier({ issuer, audience: AUDIENCE });
const one = (introspection: unknown) =>
  create([{ issuer: A, introspection: introspection as IntrospectionOptions }]);

describe('introspection options', () => {
  it('several introspecting issuers without selectors: a TypeError naming the option', () => {
    expect(
      create([
        { issuer: A, introspection: secret },
        { issuer: B, introspection: secret },
      ]),
    ).toThrow(/option "issuer\[0\]\.introspection\.prefix" or matches\(token\) is required/);
    expect(
      create([
        { issuer: A, introspection: { ...secret, prefix: 'a_' } },
        { issuer: B, introspection: secret },
      ]),
    ).toThrow(/option "issuer\[1\]\.introspection\.prefix"/);
  });

  it('several with selectors, or one without beside issuers given as strings, are accepted', () => {
    expect(
      create([
        { issuer: A, introspection: { ...secret, prefix: 'a_' } },
        { issuer: B, introspection: { ...secret, matches: (token) => token.startsWith('b_') } },
      ]),
    ).not.toThrow();
    expect(create(['https://c.example.test/', { issuer: A, introspection: secret }])).not.toThrow();
    // An issuer that introspects only its JWTs takes no opaque tokens, so needs no selector.
    expect(
      create([
        { issuer: A, introspection: secret },
        { issuer: B, introspection: { ...secret, tokens: 'jwt' } },
      ]),
    ).not.toThrow();
  });

  it.each([
    ['not an object', 'x', /"issuer\[0\]\.introspection" must be an object/],
    ['no clientId', { clientSecret: 's' }, /"issuer\[0\]\.introspection\.clientId" is required/],
    [
      'no credentials',
      { clientId: 'api' },
      /"issuer\[0\]\.introspection\.clientSecret" or privateKey/,
    ],
    ['an empty secret', { clientId: 'api', clientSecret: '' }, /clientSecret" must be a non-empty/],
    [
      'prefix and matches',
      { ...secret, prefix: 'a', matches: () => true },
      /prefix" cannot be combined/,
    ],
    ['an empty prefix', { ...secret, prefix: '' }, /prefix" must be a non-empty string/],
    ['matches not a function', { ...secret, matches: 'a' }, /matches" must be a function/],
    ['unknown tokens', { ...secret, tokens: 'all' }, /tokens" must be "opaque", "jwt" or "both"/],
    ['an unknown method', { ...secret, authMethod: 'tls_client_auth' }, /authMethod" must be/],
    [
      'a key method for a secret',
      { ...secret, authMethod: 'private_key_jwt' },
      /authMethod" private_key_jwt does not fit/,
    ],
    [
      'an http endpoint off loopback',
      { ...secret, endpoint: 'http://id.example.test/i' },
      /introspection\.endpoint/,
    ],
    ['a negative timeout', { ...secret, timeout: -1 }, /"issuer\[0\]\.introspection\.timeout"/],
    ['a zero cache size', { ...secret, cacheMaxEntries: 0 }, /cacheMaxEntries"/],
  ])('%s: a TypeError naming the option', (_name, introspection, message) => {
    expect(one(introspection)).toThrow(TypeError);
    expect(one(introspection)).toThrow(message);
  });

  it('a public key as privateKey: a TypeError naming it', async () => {
    const { publicKey } = await generateKeyPair('ES256');
    expect(one({ clientId: 'api', privateKey: publicKey })).toThrow(
      /"issuer\[0\]\.introspection\.privateKey" privateKey must be a private key/,
    );
  });
});
