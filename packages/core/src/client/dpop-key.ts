/**
 * The client's DPoP key (RFC 9449 §4.2): a private key to sign proofs, the public JWK each
 * proof names in its header, and the JWS algorithm, from whichever form the caller holds.
 */
import { exportJWK, importJWK, type CryptoKey as JoseCryptoKey, type JWK } from 'jose';
import { algorithmOfCryptoKey, algorithmOfJwk } from './assertion-key.js';

/**
 * A DPoP key: a WebCrypto `CryptoKeyPair`, a private JWK (with `alg`, or one its curve
 * implies), or `{ privateKey, publicJwk, alg }` as `@jwt-guard/testing`'s `generateDpopKey()`
 * makes it.
 */
export type DpopKeyInput =
  | DpopKeyPair
  | JWK
  | { readonly privateKey: JoseCryptoKey; readonly publicJwk: JWK; readonly alg?: string };

/**
 * A WebCrypto key pair, as `crypto.subtle.generateKey` returns it. Spelled out rather than
 * the DOM's `CryptoKeyPair`, so a consumer compiling without the DOM library still resolves it.
 */
export interface DpopKeyPair {
  readonly privateKey: JoseCryptoKey;
  readonly publicKey: JoseCryptoKey;
}

/** A key ready to sign proofs. */
export interface DpopSigningKey {
  readonly privateKey: JoseCryptoKey;
  /** The public key as it goes in the proof's `jwk` header: public members only. */
  readonly publicJwk: JWK;
  readonly alg: string;
}

// RFC 7517/7518 private members; none may reach a proof header (RFC 9449 §4.2).
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
// Only the members that describe the public key; `alg`, `use`, `key_ops`, `kid` are not needed.
const PUBLIC_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e'];

const refuse = (why: string): never => {
  throw new TypeError(`createTokenClient: dpop.key ${why}`);
};

const isCryptoKey = (value: unknown): value is CryptoKey =>
  typeof CryptoKey !== 'undefined' && value instanceof CryptoKey;

function publicMembers(jwk: JWK): JWK {
  const source = jwk as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const name of PUBLIC_MEMBERS) if (source[name] !== undefined) out[name] = source[name];
  return out as JWK;
}

function fromPrivateJwk(jwk: JWK): () => Promise<DpopSigningKey> {
  if (jwk.kty === 'oct' || typeof jwk.d !== 'string') refuse('must be a private asymmetric JWK');
  const alg = algorithmOfJwk(jwk) ?? refuse('needs an alg (the JWK names none)');
  const publicJwk = publicMembers(jwk);
  return async () => ({
    privateKey: (await importJWK(jwk, alg)) as JoseCryptoKey,
    publicJwk,
    alg,
  });
}

/**
 * Checks the key at creation (`TypeError` naming `dpop.key`) and returns a loader that
 * imports or exports what the proofs need, once, on first use.
 *
 * @example
 * ```ts
 * const load = dpopKeyLoader(await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']));
 * const { alg, publicJwk } = await load(); // 'ES256', { kty: 'EC', crv: 'P-256', x, y }
 * ```
 */
export function dpopKeyLoader(input: DpopKeyInput): () => Promise<DpopSigningKey> {
  if (typeof input !== 'object' || input === null) return refuse('must be an object');
  if ('kty' in input) return fromPrivateJwk(input as JWK);
  const { privateKey } = input as { privateKey?: unknown };
  if (!isCryptoKey(privateKey) || privateKey.type !== 'private')
    return refuse('must hold a private CryptoKey as privateKey');
  const given = (input as { alg?: unknown }).alg;
  if (given !== undefined && typeof given !== 'string') refuse('alg must be a string');
  const alg =
    (given as string | undefined) ??
    algorithmOfCryptoKey(privateKey) ??
    refuse('is of a type DPoP cannot sign with');
  if ('publicJwk' in input) {
    const jwk = input.publicJwk;
    if (typeof jwk !== 'object' || jwk === null || PRIVATE_MEMBERS.some((m) => m in jwk))
      refuse('publicJwk must be a public JWK');
    const publicJwk = publicMembers(jwk);
    return async () => ({ privateKey: privateKey as JoseCryptoKey, publicJwk, alg });
  }
  const { publicKey } = input as DpopKeyPair;
  if (!isCryptoKey(publicKey) || publicKey.type !== 'public')
    refuse('must be a CryptoKeyPair, a private JWK or { privateKey, publicJwk }');
  // A public key is always extractable in WebCrypto; the private key never needs to be.
  return async () => ({
    privateKey: privateKey as JoseCryptoKey,
    publicJwk: publicMembers(await exportJWK(publicKey)),
    alg,
  });
}
