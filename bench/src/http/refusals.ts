/**
 * The refused requests of phase 2 (issue 24): one flood per way a request is refused, each
 * a single token repeated (or no token at all), so each measures what the refusal path
 * costs the server, set against an accepted token the cache answers.
 */
import type { TestIssuer } from '@jwt-guard/testing';
import type { Alg } from '../config.js';
import { mintTokens } from '../tokens.js';

/** The kinds of refused request, in table order. */
export const REFUSAL_KINDS = [
  'missing',
  'malformed',
  'bad-signature',
  'expired',
  'unknown-issuer',
  'unknown-kid',
] as const;

/** One kind of refused request. */
export type RefusalKind = (typeof REFUSAL_KINDS)[number];

/** What each kind sends, for tables and the chart. */
export const REFUSAL_LABELS: Readonly<Record<RefusalKind, string>> = {
  missing: 'no token',
  malformed: 'malformed',
  'bad-signature': 'bad signature',
  expired: 'expired',
  'unknown-issuer': 'unknown issuer',
  'unknown-kid': 'unknown kid',
};

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * The token each kind sends (none for `missing`), minted with the issuer's `alg` key:
 * `malformed` is a b64token whose header is not JSON; `bad-signature` a valid token's
 * header and payload under another token's signature; `expired` expired ten minutes ago;
 * `unknown-issuer` names an issuer the servers do not trust; `unknown-kid` a key id the
 * issuer never published.
 *
 * @example
 * ```ts
 * const refused = await refusalTokens(issuer, 'RS256');
 * refused['unknown-kid']; // ['eyJ...']
 * ```
 */
export async function refusalTokens(
  issuer: TestIssuer,
  alg: Alg,
): Promise<Readonly<Record<RefusalKind, readonly string[]>>> {
  const [a, b] = await mintTokens(issuer, alg, 2, { first: 900_000 });
  const [expired] = await mintTokens(issuer, alg, 1, { expiresIn: -600, first: 900_002 });
  const [stranger] = await mintTokens(issuer, alg, 1, {
    iss: 'https://unknown-issuer.invalid/',
    first: 900_003,
  });
  const [unknownKid] = await mintTokens(issuer, alg, 1, { kid: 'never-published', first: 900_004 });
  const [headerA, payloadA] = a!.split('.');
  const signatureB = b!.split('.')[2];
  const sameLength = (length: number) => 'A'.repeat(length);
  return {
    missing: [],
    malformed: [`${b64url('not a JOSE header')}.${payloadA}.${sameLength(signatureB!.length)}`],
    'bad-signature': [`${headerA}.${payloadA}.${signatureB}`],
    expired: [expired!],
    'unknown-issuer': [stranger!],
    'unknown-kid': [unknownKid!],
  };
}
