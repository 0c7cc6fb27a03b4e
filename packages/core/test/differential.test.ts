/**
 * The Node path (node:crypto) and the WebCrypto path (jose) must accept and refuse exactly
 * the same tokens, with the same error code: valid tokens, tokens with every kind of header
 * and claim variation signed by real keys, and random mutations of valid tokens. Also the
 * property SECURITY.md asks for: no mutation of a valid token is ever accepted.
 */
import { createTestIssuer, signRaw, type TestIssuer, type TestKey } from '@jwt-guard/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, JwtGuardError, type Verifier } from '../src/index.js';

let issuer: TestIssuer;
let nodePath: Verifier;
let webPath: Verifier;
let valid: string[];
const NOW = Date.now();

beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['RS256', 'ES256', 'EdDSA'] });
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
