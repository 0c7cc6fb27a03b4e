/**
 * The Node path (node:crypto) and the WebCrypto path (jose) must accept and refuse exactly
 * the same tokens, with the same error code: valid tokens, tokens with every kind of header
 * and claim variation signed by real keys, and random mutations of valid tokens. Also the
 * property SECURITY.md asks for: no mutation of a valid token is ever accepted. And both
 * enforce the same restrictions: a narrowed `algorithms` allowlist, and a key that does not
 * fit the token's `alg`.
 */
import { constants, KeyObject, sign } from 'node:crypto';
import {
  createTestIssuer,
  generateTestKey,
  signRaw,
  type TestAlgorithm,
  type TestIssuer,
  type TestKey,
} from '@jwt-guard/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, JwtGuardError, type KeySource, type Verifier } from '../../src/index.js';

let issuer: TestIssuer;
let nodePath: Verifier;
let webPath: Verifier;
let valid: string[];
const NOW = Date.now();

beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['RS256', 'ES256', 'EdDSA', 'PS256'] });
  const common = {
    issuer: issuer.issuer,
    audience: issuer.audience,
    cache: false as const,
    now: () => NOW,
  };
  nodePath = createVerifier({ ...common, nodeCrypto: true });
  webPath = createVerifier({ ...common, nodeCrypto: false });
  valid = await Promise.all(
    (['RS256', 'ES256', 'EdDSA'] as const).map((alg) =>
      issuer.mint({ alg, claims: { scope: 'a b' } }),
    ),
  );
});
afterAll(() => issuer.close());

const outcome = (verifier: Verifier, token: string) =>
  verifier.verify(token).then(
    (result) => `accepted ${JSON.stringify(result.payload)}`,
    (error: unknown) => (error instanceof JwtGuardError ? error.code : `crash ${String(error)}`),
  );

async function bothPaths(token: string) {
  const [node, web] = await Promise.all([outcome(nodePath, token), outcome(webPath, token)]);
  expect(node).toBe(web);
  expect(node).not.toMatch(/^crash/);
  return node;
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const seconds = Math.floor(NOW / 1000);

describe('node:crypto and WebCrypto paths agree', () => {
  it('on valid tokens', async () => {
    for (const token of valid) expect(await bothPaths(token)).toMatch(/^accepted/);
  });

  it('on random single-character mutations, which are never accepted', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: 2 }),
        fc.nat(),
        fc.constantFrom(...BASE64URL, '.', '=', '+', '/', ' '),
        async (which, position, replacement) => {
          const token = valid[which]!;
          const at = position % token.length;
          fc.pre(token[at] !== replacement);
          const mutated = token.slice(0, at) + replacement + token.slice(at + 1);
          expect(await bothPaths(mutated)).not.toMatch(/^accepted/);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('on truncations, extensions and segment swaps', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: 2 }),
        fc.nat(),
        fc.string({ maxLength: 8 }),
        async (which, cut, tail) => {
          const token = valid[which]!;
          const [h, p, s] = token.split('.') as [string, string, string];
          const variants = [
            token.slice(0, cut % token.length),
            token + tail,
            `${p}.${h}.${s}`,
            `${h}.${p}.${valid[(which + 1) % 3]!.split('.')[2]}`,
          ];
          for (const variant of variants) {
            if (variant !== token) expect(await bothPaths(variant)).not.toMatch(/^accepted/);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  // Mostly valid values, so that a case reaches the later checks before something fails.
  const mostly = <T>(usual: T, ...others: unknown[]) =>
    fc.oneof(
      { weight: 5, arbitrary: fc.constant(usual) },
      { weight: 1, arbitrary: fc.constantFrom(...others) },
    );
  const claimValue = fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(undefined, 'string', null, []) },
    { weight: 4, arbitrary: fc.integer({ min: seconds - 30, max: seconds + 30 }) },
    { weight: 2, arbitrary: fc.double({ min: seconds - 10, max: seconds + 10, noNaN: true }) },
  );

  it('on real signatures over every kind of header and claims', async () => {
    const keyByAlg = (alg: string): TestKey => issuer.keys.find((k) => k.alg === alg)!;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          alg: fc.constantFrom('RS256', 'ES256', 'EdDSA'),
          headerAlg: mostly('same', 'none', 'HS256', 'RS384', 'ES256', 'EdDSA', 5),
          kid: mostly('same', 'unknown', 7, undefined),
          typ: fc.constantFrom(undefined, 'JWT', 'at+jwt', 'application/at+JWT', 'dpop+jwt', 3),
          crit: mostly(undefined, [], ['b64'], ['exp'], 'x'),
          b64: mostly(undefined, true, false, 'x'),
          iss: mostly('ours', 'other', 'array', undefined),
          aud: mostly('ours', 'other', 'array', 'empty', 5, undefined),
          exp: claimValue,
          nbf: fc.oneof(fc.constant(undefined), claimValue),
          iat: fc.oneof(fc.constant(undefined), claimValue),
          raw: mostly('', '[1]', 'null', '{"a":1,"a":2}'),
        }),
        async (c) => {
          const key = keyByAlg(c.alg);
          const header: Record<string, unknown> = {
            alg: c.headerAlg === 'same' ? key.alg : c.headerAlg,
          };
          if (c.kid !== undefined) header.kid = c.kid === 'same' ? key.kid : c.kid;
          for (const [name, value] of [
            ['typ', c.typ],
            ['crit', c.crit],
            ['b64', c.b64],
          ] as const) {
            if (value !== undefined) header[name] = value;
          }
          const claims: Record<string, unknown> = {};
          const iss = {
            ours: issuer.issuer,
            other: 'https://other.example',
            array: [issuer.issuer],
          };
          if (c.iss !== undefined) claims.iss = iss[c.iss as keyof typeof iss];
          const aud = {
            ours: issuer.audience,
            other: 'x',
            array: ['x', issuer.audience],
            empty: [],
            5: 5,
          };
          if (c.aud !== undefined) claims.aud = aud[c.aud as keyof typeof aud];
          for (const name of ['exp', 'nbf', 'iat'] as const)
            if (c[name] !== undefined) claims[name] = c[name];
          const text = (c.raw as string) || JSON.stringify(claims);
          await bothPaths(await signRaw(key, header, text));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('a narrowed algorithms allowlist restricts both paths alike', () => {
  const SIGNED: readonly TestAlgorithm[] = ['RS256', 'PS256', 'ES256', 'EdDSA'];

  it.each<{ algorithms: TestAlgorithm[] }>([
    { algorithms: ['ES256'] },
    { algorithms: ['RS256'] },
    { algorithms: ['PS256'] },
    { algorithms: ['EdDSA'] },
    { algorithms: ['RS256', 'ES256'] },
  ])(
    'under $algorithms, only those are accepted; every other algorithm is ERR_ALGORITHM_NOT_ALLOWED',
    async ({ algorithms }) => {
      for (const cache of [false as const, {}]) {
        const restricted = { issuer: issuer.issuer, audience: issuer.audience, algorithms, cache };
        const node = createVerifier({ ...restricted, nodeCrypto: true });
        const web = createVerifier({ ...restricted, nodeCrypto: false });
        for (const alg of SIGNED) {
          const token = await issuer.mint({ alg });
          const expected = algorithms.includes(alg) ? 'accepted' : 'ERR_ALGORITHM_NOT_ALLOWED';
          // Twice each: with the cache on, the second answer comes from the cache.
          for (const round of [1, 2]) {
            const [onNode, onWeb] = await Promise.all([outcome(node, token), outcome(web, token)]);
            expect({ alg, round, node: onNode.split(' ')[0], web: onWeb.split(' ')[0] }).toEqual({
              alg,
              round,
              node: expected,
              web: expected,
            });
          }
        }
      }
    },
  );
});

// The key a custom key source hands over is used as it is: both paths must check that it
// fits the token's alg (key type, curve, hash), as jose does on the WebCrypto path.
describe('a key that does not fit the token alg is refused on both paths', () => {
  const claims = () => ({
    iss: 'https://issuer.example',
    aud: 'https://api.example',
    sub: 'user-123',
    exp: Math.floor(Date.now() / 1000) + 300,
  });
  const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  /** A token whose signature node:crypto makes with `privateKey`, whatever the header says. */
  const forge = (alg: string, privateKey: CryptoKey, hash: string | null, options: object = {}) => {
    const input = `${segment({ alg, kid: 'k', typ: 'JWT' })}.${segment(claims())}`;
    const key = { key: KeyObject.from(privateKey), ...options };
    return `${input}.${sign(hash, Buffer.from(input), key).toString('base64url')}`;
  };
  /** A key source that always answers with `key` (and nothing else about it), as a user's own might. */
  const holding = (key: CryptoKey): KeySource => {
    const lookup = { key, version: 1 };
    return { getKey: async () => lookup };
  };
  const both = async (key: CryptoKey, token: string) => {
    const common = { issuer: 'https://issuer.example', audience: 'https://api.example' };
    const verifiers = [true, false].map((nodeCrypto) =>
      createVerifier({ ...common, keySource: holding(key), cache: false, nodeCrypto }),
    );
    const [node, web] = await Promise.all(verifiers.map((v) => refusal(v, token)));
    return { node, web };
  };
  const refusal = (verifier: Verifier, token: string) =>
    verifier.verify(token).then(
      () => 'accepted',
      (error: unknown) =>
        error instanceof JwtGuardError ? `${error.status} ${error.code}` : `crash ${error}`,
    );
  const pss = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
  const p1363 = { dsaEncoding: 'ieee-p1363' };
  let rsa: TestKey;
  let es256: TestKey;
  let es384: TestKey;
  beforeAll(async () => {
    [rsa, es256, es384] = await Promise.all([
      generateTestKey('RS256', 'k'),
      generateTestKey('ES256', 'k'),
      generateTestKey('ES384', 'k'),
    ]);
  });

  it('accepts tokens whose key fits (the set-up itself works)', async () => {
    expect(await both(rsa.publicKey, forge('RS256', rsa.privateKey, 'sha256'))).toEqual({
      node: 'accepted',
      web: 'accepted',
    });
    expect(await both(es256.publicKey, forge('ES256', es256.privateKey, 'sha256', p1363))).toEqual({
      node: 'accepted',
      web: 'accepted',
    });
  });

  it.each([
    [
      'a PS256 token against an RS256 key',
      () => [rsa, forge('PS256', rsa.privateKey, 'sha256', pss)],
    ],
    [
      'an RS384 token against an RS256 (SHA-256) key',
      () => [rsa, forge('RS384', rsa.privateKey, 'sha384')],
    ],
    ['an ES256 header against an RSA key', () => [rsa, forge('ES256', rsa.privateKey, 'sha256')]],
    [
      'an ES256 header against a P-384 key',
      () => [es384, forge('ES256', es384.privateKey, 'sha256', p1363)],
    ],
    [
      'an ES384 header against a P-256 key',
      () => [es256, forge('ES384', es256.privateKey, 'sha384', p1363)],
    ],
  ] as const)('refuses %s alike (401), never accepting it', async (_, make) => {
    const [key, token] = make() as [TestKey, string];
    const { node, web } = await both(key.publicKey, token);
    expect(web).toMatch(/^401 ERR_/);
    expect(node).toBe(web);
  });
});
