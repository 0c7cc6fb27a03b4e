/**
 * `createVerifier`: one per issuer, reused for every request. Answers a token it has
 * verified before from the token cache (re-checking time claims, the key's presence and
 * revocation on every hit), and otherwise verifies it in full.
 */
import type { JWTPayload, ProtectedHeaderParameters } from 'jose';
import type { AuthInfo } from './auth-info.js';
import { isCanonicalCompactJws } from './compact-token.js';
import type { ErrorCode } from './errors/codes.js';
import { createError, JwtGuardError } from './errors/jwt-guard-error.js';
import type { RequestContext } from './keys/jwks-cache.js';
import { createKeySource, type KeySource } from './keys/key-source.js';
import { createSecretKeySource } from './keys/secret-key-source.js';
import { loadNodeCrypto } from './node/node-crypto.js';
import { createNodeSignedTokenVerifier } from './node/verify-signed-token-node.js';
import { createTokenCache } from './token-cache.js';
import {
  type ResolvedVerifierOptions,
  resolveVerifierOptions,
  type VerifierOptions,
} from './verifier-options.js';
import { createSignedTokenVerifier } from './verify-signed-token.js';

/** Verifies tokens. One per issuer; reuse it for every request. */
export interface Verifier {
  /** Resolves to the verified token (claims and header are frozen), or rejects with a `JwtGuardError`. */
  verify<Claims extends object = JWTPayload>(
    token: string,
    context?: RequestContext,
  ): Promise<AuthInfo<Claims>>;
  /** The validated options, defaults filled in. */
  readonly options: ResolvedVerifierOptions;
}

/**
 * Creates a verifier. Options are validated here (a `TypeError` names the bad option);
 * nothing is fetched until the first `verify`, so creation never fails on a down issuer.
 *
 * @example
 * ```ts
 * const verifier = createVerifier({ issuer: 'https://id.example.com/', audience: 'https://api.example.com' });
 * const { payload } = await verifier.verify(token);
 * ```
 */
export function createVerifier(options: VerifierOptions): Verifier {
  const resolved = resolveVerifierOptions(options);
  const { realm, clockTolerance, maxTokenBytes, maxTokenAge, isRevoked } = resolved;
  const now = resolved.now ?? Date.now;
  const keySource: KeySource =
    resolved.keySource ??
    (resolved.secret
      ? createSecretKeySource(resolved.secret)
      : createKeySource({
          ...resolved.jwks,
          issuer: resolved.issuer,
          jwksUri: resolved.jwksUri,
          algorithms: resolved.algorithms,
          fetch: resolved.fetch,
          now,
          realm,
        }));
  // HMAC (a secret) stays on jose; the Node path serves the asymmetric algorithms.
  const nodeCrypto = resolved.nodeCrypto && !resolved.secret ? loadNodeCrypto() : undefined;
  const viaJose = createSignedTokenVerifier(resolved, keySource);
  const verifySigned = nodeCrypto
    ? createNodeSignedTokenVerifier(resolved, keySource, nodeCrypto, viaJose)
    : viaJose;
  const cache = resolved.cache ? createTokenCache(resolved.cache, now) : undefined;

  // What a cached verification must still pass: the clock has moved since it was stored.
  const staleReason = (payload: JWTPayload, nowSeconds: number): ErrorCode | undefined => {
    if ((payload.exp as number) <= nowSeconds - clockTolerance) return 'ERR_TOKEN_EXPIRED';
    if (
      maxTokenAge !== undefined &&
      nowSeconds - (payload.iat as number) - clockTolerance > maxTokenAge
    ) {
      return 'ERR_TOKEN_TOO_OLD';
    }
    return undefined;
  };

  const checkRevocation = async (payload: JWTPayload, header: ProtectedHeaderParameters) => {
    let revoked: boolean;
    try {
      revoked = await isRevoked!(payload, header);
    } catch (cause) {
      throw createError('ERR_REVOCATION_UNAVAILABLE', { realm, cause });
    }
    if (revoked === true) throw createError('ERR_TOKEN_REVOKED', { realm });
  };

  const verifyInFull = async (
    token: string,
    nowMs: number,
    context: RequestContext | undefined,
  ) => {
    if (!isCanonicalCompactJws(token)) throw createError('ERR_TOKEN_MALFORMED', { realm });
    try {
      const result = await verifySigned(token, nowMs, context);
      const entry = {
        ...result,
        payload: deepFreeze(result.payload),
        header: deepFreeze(result.header),
      };
      cache?.set(token, entry, nowMs / 1000);
      return entry;
    } catch (error) {
      if (cache && error instanceof JwtGuardError) cache.fail(token, error.code);
      throw error;
    }
  };

  return {
    options: resolved,
    async verify<Claims extends object = JWTPayload>(
      token: string,
      context?: RequestContext,
    ): Promise<AuthInfo<Claims>> {
      if (typeof token !== 'string' || token.length > maxTokenBytes) {
        throw createError(
          typeof token === 'string' ? 'ERR_TOKEN_TOO_LARGE' : 'ERR_TOKEN_MALFORMED',
          { realm },
        );
      }
      const nowMs = now();
      let verified = cache?.get(token);
      if (verified) {
        const stale = staleReason(verified.payload, nowMs / 1000);
        if (stale) {
          cache!.delete(token);
          throw createError(stale, { realm });
        }
        // The key that verified it has left the issuer's key set: verify again from scratch.
        if (keySource.holds?.(verified.header.kid, verified.keyVersion) === false) {
          cache!.delete(token);
          verified = undefined;
        }
      } else {
        const failed = cache?.failure(token);
        if (failed) throw createError(failed, { realm });
      }
      verified ??= await verifyInFull(token, nowMs, context);
      if (isRevoked) await checkRevocation(verified.payload, verified.header);
      return { payload: verified.payload as Claims & JWTPayload, header: verified.header, token };
    },
  };
}

// Cached claims are shared by every request that presents the token: freeze them so one
// handler cannot change what the next one sees. Iterative, so deeply nested claims cannot
// exhaust the stack.
function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null || Object.isFrozen(node)) continue;
    Object.freeze(node);
    for (const key of Object.keys(node)) stack.push((node as Record<string, unknown>)[key]);
  }
  return value;
}
