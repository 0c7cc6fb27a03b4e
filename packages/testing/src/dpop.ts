/**
 * DPoP (RFC 9449) for tests: a client key, the thumbprint a bound token carries in
 * `cnf.jkt`, and proofs, right or deliberately wrong.
 */
import {
  base64url,
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  type JWK,
  SignJWT,
} from 'jose';

/** A DPoP client key: sign proofs with it, bind tokens to `jkt`. */
export interface DpopKey {
  readonly alg: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
  /** RFC 7638 thumbprint of the public key: what a bound token's `cnf.jkt` holds. */
  readonly jkt: string;
}

/** What a proof says; every field can be set wrong on purpose. */
export interface DpopProofOptions {
  /** The request method (`htm`). */
  readonly method: string;
  /** The request URL (`htu`); query and fragment are the caller's business. */
  readonly url: string;
  /** The access token the proof goes with: `ath` is its SHA-256. */
  readonly accessToken?: string;
  /** A server nonce (RFC 9449 §8). */
  readonly nonce?: string;
  /** Seconds since the epoch. Default: now. */
  readonly iat?: number;
  /** Default: a random UUID. */
  readonly jti?: string;
  /** Header fields to add or override (`typ`, `jwk`, …). */
  readonly header?: Record<string, unknown>;
  /** Claims to add or override (`ath`, `htu`, …). */
  readonly claims?: Record<string, unknown>;
}

/**
 * Generates a DPoP client key (ES256 by default).
 *
 * @example
 * ```ts
 * const key = await generateDpopKey();
 * const token = await issuer.mint({ claims: { cnf: { jkt: key.jkt } } });
 * ```
 */
export async function generateDpopKey(alg = 'ES256'): Promise<DpopKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  return { alg, privateKey, publicJwk, jkt: await calculateJwkThumbprint(publicJwk) };
}

/**
 * Signs a DPoP proof for one request.
 *
 * @example
 * ```ts
 * const proof = await createDpopProof(key, { method: 'GET', url: `${base}/orders`, accessToken: token });
 * fetch(`${base}/orders`, { headers: { authorization: `DPoP ${token}`, dpop: proof } });
 * ```
 */
export async function createDpopProof(key: DpopKey, options: DpopProofOptions): Promise<string> {
  const ath =
    options.accessToken === undefined
      ? undefined
      : base64url.encode(
          new Uint8Array(
            await crypto.subtle.digest('SHA-256', new TextEncoder().encode(options.accessToken)),
          ),
        );
  const claims: Record<string, unknown> = {
    htm: options.method,
    htu: options.url,
    iat: options.iat ?? Math.floor(Date.now() / 1000),
    jti: options.jti ?? crypto.randomUUID(),
    ...(ath === undefined ? {} : { ath }),
    ...(options.nonce === undefined ? {} : { nonce: options.nonce }),
    ...options.claims,
  };
  return new SignJWT(claims)
    .setProtectedHeader({ typ: 'dpop+jwt', alg: key.alg, jwk: key.publicJwk, ...options.header })
    .sign(key.privateKey);
}
