/**
 * Mints many distinct valid tokens fast: signs with node:crypto straight from the test
 * issuer's private key (the issuer's own `mint` goes through WebCrypto one at a time).
 */
import { KeyObject, type SignKeyObjectInput, sign } from 'node:crypto';
import type { TestIssuer } from '@jwt-guard/testing';
import type { Alg } from './config.js';

/** Options of {@link mintTokens}. */
export interface MintTokensOptions {
  /** Lifetime in seconds. Default 3600, far longer than a run. */
  readonly expiresIn?: number;
  /** Signatures computed at once (they run on the libuv pool). Default 256. */
  readonly batch?: number;
  /** The `iss` claim. Default: the test issuer's. */
  readonly iss?: string;
  /** The `kid` header. Default: the key's own. */
  readonly kid?: string;
  /** The first token's number (in `sub` and `jti`). Default 0. */
  readonly first?: number;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Mints `count` distinct tokens (`sub` and `jti` differ) signed by the issuer's `alg` key,
 * with the claims `issuer.mint` would set, as flat strings.
 *
 * @example
 * ```ts
 * const pool = await mintTokens(issuer, 'ES256', 5000);
 * ```
 */
export async function mintTokens(
  issuer: TestIssuer,
  alg: Alg,
  count: number,
  options: MintTokensOptions = {},
): Promise<string[]> {
  const key = issuer.keys.find((k) => k.alg === alg);
  if (!key) throw new TypeError(`the test issuer holds no ${alg} key`);
  const privateKey = KeyObject.from(key.privateKey);
  const signKey: SignKeyObjectInput =
    alg === 'ES256' ? { key: privateKey, dsaEncoding: 'ieee-p1363' } : { key: privateKey };
  const hash = alg === 'EdDSA' ? null : 'sha256';
  const header = b64url({ alg, kid: options.kid ?? key.kid, typ: 'JWT' });
  const now = Math.floor(Date.now() / 1000);
  const exp = now + (options.expiresIn ?? 3600);
  const batch = options.batch ?? 256;

  const mintOne = (i: number) =>
    new Promise<string>((resolve, reject) => {
      const payload = b64url({
        iss: options.iss ?? issuer.issuer,
        aud: issuer.audience,
        sub: `user-${i}`,
        jti: `${alg}-${i}`,
        scope: 'read:orders',
        iat: now,
        exp,
      });
      const input = `${header}.${payload}`;
      sign(hash, Buffer.from(input), signKey, (error, signature) => {
        if (error) reject(error);
        // Decoded from one buffer, the token is a flat string. A concatenation would be a
        // V8 cons string, flattened (and the heap changed) by whoever reads it first.
        else resolve(Buffer.from(`${input}.${signature.toString('base64url')}`).toString());
      });
    });

  const tokens: string[] = [];
  for (let start = 0; start < count; start += batch) {
    const size = Math.min(batch, count - start);
    const from = (options.first ?? 0) + start;
    tokens.push(...(await Promise.all(Array.from({ length: size }, (_, j) => mintOne(from + j)))));
  }
  return tokens;
}
