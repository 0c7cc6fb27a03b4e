/**
 * Decrypts an encrypted token (compact JWE, RFC 7516) to the signed token inside it
 * (nested JWT, RFC 7519 §5.2), with jose on WebCrypto: it runs wherever core runs.
 */
import { compactDecrypt, type DecryptOptions } from 'jose';
import { createError, type JwtGuardError } from '../errors/jwt-guard-error.js';
import { isCanonicalCompactJws } from '../token/compact-token.js';
import type { Allowlists } from './decryption-key.js';
import { importDecryptionKey, type UsableKey } from './import-keys.js';
import { checkJweHeader, readJweHeader } from './jwe-header.js';
import type { ResolvedDecryption } from './resolve-decryption.js';
import { type KeyChoice, selectKeys } from './select-keys.js';

/** Decrypts one compact JWE to the compact JWS inside it. */
export type TokenDecrypter = (token: string) => Promise<string>;

function decryptionFailed(cause?: unknown): JwtGuardError {
  // A cause's own cause may be a parser's error quoting input: keep jose's error only.
  if (typeof cause === 'object' && cause !== null && Object.hasOwn(cause, 'cause')) {
    delete (cause as { cause?: unknown }).cause;
  }
  return createError('ERR_DECRYPTION_FAILED', cause === undefined ? undefined : { cause });
}

/**
 * The options jose decrypts with: the second layer of the allowlists, after
 * {@link checkJweHeader}. jose refuses an `alg` or `enc` outside them with its
 * `ERR_JOSE_ALG_NOT_ALLOWED` (RSA1_5 and PBES2 are never in them), and `zip` with
 * `ERR_JOSE_NOT_SUPPORTED`, should the header check ever be bypassed.
 *
 * @example
 * ```ts
 * await compactDecrypt(token, key, joseDecryptOptions(resolved));
 * ```
 */
export function joseDecryptOptions(allowed: Allowlists): DecryptOptions {
  return {
    keyManagementAlgorithms: [...allowed.keyManagementAlgorithms],
    contentEncryptionAlgorithms: [...allowed.contentEncryptionAlgorithms],
    // jose decompresses `zip: "DEF"` by default; 0 turns that off: compression of
    // encrypted content is a side channel (RFC 8725 §3.6), and a small token could expand
    // without bound.
    maxDecompressedLength: 0,
  };
}

/**
 * Creates the decrypter. Keys are imported at the first token, once; a key jose cannot
 * import rejects every call with the `TypeError` of {@link importDecryptionKey} (a
 * configuration error, not a bad token).
 *
 * The promise rejects with `ERR_TOKEN_MALFORMED` when the token is not a compact JWE (five
 * canonical base64url parts, a JSON object header), and with `ERR_DECRYPTION_FAILED` for
 * everything else: an `alg` or `enc` not allowed, `zip`, a `cty` other than `JWT`, an
 * unknown `kid`, no key that decrypts it, a tampered part, or a plaintext that is not a
 * compact JWS (an inner JWE or an unsigned token).
 *
 * @example
 * ```ts
 * const decrypt = createTokenDecrypter(resolveDecryption({ keys: privateJwk }));
 * const jws = await decrypt(token); // then verify `jws` as any signed token
 * ```
 */
export function createTokenDecrypter(resolved: ResolvedDecryption): TokenDecrypter {
  let imported: Promise<readonly UsableKey[]> | undefined;
  const usableKeys = () => {
    imported ??= Promise.all(resolved.keys.map(importDecryptionKey));
    return imported;
  };
  const options = joseDecryptOptions(resolved);
  const utf8 = new TextDecoder('utf-8', { fatal: true });

  const decryptWith = async (token: string, key: UsableKey): Promise<Uint8Array> => {
    const { plaintext } = await compactDecrypt(
      token,
      (header) => {
        const usable = key.byAlgorithm.get(header.alg);
        if (usable === undefined) throw createError('ERR_DECRYPTION_FAILED');
        return usable;
      },
      options,
    );
    return plaintext;
  };

  return async (token) => {
    const header = readJweHeader(token);
    checkJweHeader(header, resolved);
    const candidates = selectKeys(await usableKeys(), header as KeyChoice);
    if (candidates.length === 0) throw decryptionFailed();
    let plaintext: Uint8Array | undefined;
    let failure: unknown;
    // Without a `kid`, the first key that decrypts wins: the authentication tag makes a
    // wrong key fail rather than yield garbage (RFC 7516 §5.2, step 14).
    for (const key of candidates) {
      try {
        plaintext = await decryptWith(token, key);
        break;
      } catch (error) {
        failure = error;
      }
    }
    if (plaintext === undefined) throw decryptionFailed(failure);
    let inner: string;
    try {
      inner = utf8.decode(plaintext);
    } catch {
      throw decryptionFailed();
    }
    if (!isCanonicalCompactJws(inner)) throw decryptionFailed();
    return inner;
  };
}
