/**
 * The client side of DPoP (RFC 9449): a fresh proof per request, signed by jose with the
 * client's key, carrying the latest nonce each origin handed out (§8, §9).
 */
import { SignJWT } from 'jose';
import { LRUCache } from 'lru-cache';
import { accessTokenHash } from '../dpop/proof-claims.js';
import type { DpopSigningKey } from './dpop-key.js';

/** Makes proofs and remembers the servers' nonces. */
export interface DpopProver {
  /**
   * A proof for one request: `htm` = `method`, `htu` = `url` without query and fragment,
   * `ath` when `accessToken` is given, and the nonce last seen from the URL's origin.
   */
  proof(method: string, url: string | URL, accessToken?: string): Promise<string>;
  /** Keeps the `DPoP-Nonce` a response from `url` carries, if any. True when it was new. */
  learnNonce(url: string | URL, response: Response): boolean;
}

// Origins a client talks to are few; the bound only stops an unbounded set of URLs growing it.
const MAX_ORIGINS = 256;
// RFC 9449 §8: a nonce is an opaque NQCHAR string; anything else is not sent back.
const NONCE = /^[\x21\x23-\x5b\x5d-\x7e]{1,512}$/;

/**
 * The `htu` of a request to `url` (RFC 9449 §4.2): the target URI without query and fragment.
 *
 * @example
 * ```ts
 * htuOf('https://api.example.com/orders?page=2#top'); // 'https://api.example.com/orders'
 * ```
 */
export function htuOf(url: string | URL): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/**
 * Builds a prover over `loadKey`. Proofs are signed here and nowhere else: the private key
 * never leaves this closure.
 *
 * @example
 * ```ts
 * const prover = createDpopProver(dpopKeyLoader(keyPair), Date.now);
 * const proof = await prover.proof('GET', 'https://api.example.com/orders', accessToken);
 * ```
 */
export function createDpopProver(
  loadKey: () => Promise<DpopSigningKey>,
  now: () => number,
): DpopProver {
  let key: Promise<DpopSigningKey> | undefined;
  const nonces = new LRUCache<string, string>({ max: MAX_ORIGINS });
  return {
    async proof(method, url, accessToken) {
      key ??= loadKey();
      const { privateKey, publicJwk, alg } = await key;
      const htu = htuOf(url);
      const nonce = nonces.get(new URL(htu).origin);
      const claims: Record<string, string> = { htm: method, htu };
      if (accessToken !== undefined) claims.ath = await accessTokenHash(accessToken);
      if (nonce !== undefined) claims.nonce = nonce;
      return new SignJWT(claims)
        .setProtectedHeader({ typ: 'dpop+jwt', alg, jwk: publicJwk })
        .setIssuedAt(Math.floor(now() / 1000))
        .setJti(crypto.randomUUID())
        .sign(privateKey);
    },
    learnNonce(url, response) {
      const nonce = response.headers.get('dpop-nonce');
      if (nonce === null || !NONCE.test(nonce)) return false;
      const origin = new URL(url).origin;
      if (nonces.get(origin) === nonce) return false;
      nonces.set(origin, nonce);
      return true;
    },
  };
}
