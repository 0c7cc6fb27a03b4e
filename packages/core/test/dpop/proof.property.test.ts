/**
 * Property test: a valid proof with any single mutation (a character flipped, inserted or
 * deleted anywhere; a header or claim changed or removed and re-signed by another key; the
 * same claims re-signed by another key under the original `jwk`; a header made wrong, or a
 * wrong htm, htu, ath or iat, signed by the right key) is never accepted.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDpopProofVerifier, resolveDpopOptions } from '../../src/dpop/index.js';
import { JwtGuardError } from '../../src/errors/jwt-guard-error.js';
import {
  athOf,
  type ClientKey,
  clientKey,
  proofClaims,
  proofHeader,
  sign,
  signByHand,
  TOKEN,
  URL_,
} from './proof-kit.js';

const NOW = 1_700_000_000_000;
const NOW_S = NOW / 1000;
const CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ';
const HEADER_NAMES = ['typ', 'alg', 'jwk'] as const;
const CLAIM_NAMES = ['jti', 'htm', 'htu', 'iat', 'ath'] as const;

interface Base {
  readonly key: ClientKey;
  readonly other: ClientKey;
  readonly header: Record<string, unknown>;
  readonly claims: Record<string, unknown>;
  readonly proof: string;
}

// A value that differs from the original in a way every check must notice.
const changedValue = fc.constantFrom<unknown>(
  'x',
  '',
  0,
  -1,
  null,
  true,
  [],
  {},
  'dpop+jwt-x',
  'ES384',
);

const mutation = fc.oneof(
  fc.record({
    kind: fc.constantFrom('flip', 'insert', 'delete'),
    at: fc.nat(),
    char: fc.constantFrom(...CHARS),
  }),
  fc.record({
    kind: fc.constant('header'),
    name: fc.constantFrom(...HEADER_NAMES),
    value: fc.option(changedValue, { nil: undefined }),
  }),
  fc.record({
    kind: fc.constant('ownHeader'),
    name: fc.constantFrom(...HEADER_NAMES),
    value: fc.option(changedValue, { nil: undefined }),
  }),
  fc.record({
    kind: fc.constant('claim'),
    name: fc.constantFrom(...CLAIM_NAMES, 'nonce', 'exp'),
    value: fc.option(changedValue, { nil: undefined }),
  }),
  fc.record({ kind: fc.constant('resign') }),
  fc.record({
    kind: fc.constant('wrong'),
    name: fc.constantFrom('htm', 'htu', 'ath', 'iat'),
    pick: fc.nat(),
  }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function pick<T>(list: readonly T[], n: number): T {
  return list[n % list.length] as T;
}

async function wrongValue(name: string, n: number): Promise<unknown> {
  switch (name) {
    case 'htm':
      return pick(['POST', 'get', 'HEAD', 'PUT', 'GET ', 'DELETE'], n);
    case 'htu':
      return pick(
        [
          'https://api.example.com/other',
          'http://api.example.com/resource',
          'https://api.example.com/resource/',
          'https://api.example.com:444/resource',
          'https://api.example.org/resource',
          '/resource',
        ],
        n,
      );
    case 'ath':
      return pick([await athOf(`${TOKEN}.`), await athOf(''), 'ath', `${await athOf(TOKEN)}=`], n);
    default:
      // Outside [now - 60, now + 5], the default window and tolerance.
      return pick([NOW_S - 61 - (n % 10_000), NOW_S + 6 + (n % 10_000), `${NOW_S}`], n);
  }
}

function withChange(
  source: Record<string, unknown>,
  name: string,
  value: unknown,
): Record<string, unknown> {
  const copy = { ...source };
  if (value === undefined) delete copy[name];
  else copy[name] = value;
  return copy;
}

async function mutate(base: Base, m: Mutation): Promise<string> {
  const text = base.proof;
  switch (m.kind) {
    case 'flip': {
      const at = m.at % text.length;
      const char = text[at] === m.char ? (m.char === 'A' ? 'B' : 'A') : m.char;
      return text.slice(0, at) + char + text.slice(at + 1);
    }
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.char + text.slice(at);
    }
    case 'delete': {
      const at = m.at % text.length;
      return text.slice(0, at) + text.slice(at + 1);
    }
    case 'header':
      return signByHand(withChange(base.header, m.name, m.value), base.claims, base.other);
    case 'ownHeader':
      // Signed by the key the header names: the header rules alone must refuse it.
      return signByHand(withChange(base.header, m.name, m.value), base.claims, base.key);
    case 'claim':
      return signByHand(base.header, withChange(base.claims, m.name, m.value), base.other);
    case 'resign':
      return signByHand(base.header, base.claims, base.other);
    default:
      return signByHand(
        base.header,
        { ...base.claims, [m.name]: await wrongValue(m.name, m.pick) },
        base.key,
      );
  }
}

describe.each(['ES256', 'EdDSA'])('mutated %s proofs', (alg) => {
  let base: Base;
  beforeAll(async () => {
    const [key, other] = await Promise.all([clientKey(alg), clientKey(alg)]);
    const header = proofHeader(key);
    const claims = await proofClaims(NOW);
    base = { key, other, header, claims, proof: await sign(header, claims, key) };
  });
  const verifier = () => createDpopProofVerifier(resolveDpopOptions({}));
  const input = (proof: string) => ({
    proof,
    method: 'GET',
    url: URL_,
    accessToken: TOKEN,
    nowMs: NOW,
  });

  it('accepts the unmutated proof', async () => {
    await expect(verifier()(input(base.proof))).resolves.toMatchObject({ jkt: base.key.jkt });
  });

  it('never accepts a proof with one mutation', async () => {
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const mutated = await mutate(base, m);
        // Each case gets a fresh replay store: a refusal must come from the mutation.
        const outcome = await verifier()(input(mutated)).then(
          () => 'accepted',
          (error: unknown) => error,
        );
        expect(outcome).toBeInstanceOf(JwtGuardError);
        expect((outcome as JwtGuardError).code).toBe('ERR_DPOP_PROOF_INVALID');
      }),
      { numRuns: 300, seed: 9449 },
    );
  });
});
