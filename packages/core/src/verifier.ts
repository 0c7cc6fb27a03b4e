/**
 * `createVerifier`: one per issuer, reused for every request. Answers a token it has
 * verified before from the token cache (re-checking time claims, the key's presence and
 * revocation on every hit), and otherwise verifies it in full.
 */
import type { JWTPayload, ProtectedHeaderParameters } from 'jose';
import type { AuthInfo } from './auth-info.js';
import type { ErrorCode } from './errors/codes.js';
import { createError, JwtGuardError } from './errors/jwt-guard-error.js';
import type { RequestContext } from './keys/jwks-cache.js';
import { createKeySource, type KeySource } from './keys/key-source.js';
import { createSecretKeySource } from './keys/secret-key-source.js';
import { loadNodeCrypto } from './node/node-crypto.js';
import { createNodeSignedTokenVerifier } from './node/verify-signed-token-node.js';
import { type CachedVerification, createTokenCache } from './token-cache.js';
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
  /**
   * `verify` without a promise where none is needed: a token the cache can answer (and no
   * `isRevoked` hook) returns, or throws, at once; anything else returns a promise. For
   * adapters, which save a microtask and an allocation on nearly every request.
   */
  verifyMaybeSync<Claims extends object = JWTPayload>(
    token: string,
    context?: RequestContext,
  ): AuthInfo<Claims> | Promise<AuthInfo<Claims>>;
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

  const answer = <Claims extends object>(
    verified: CachedVerification,
    token: string,
  ): AuthInfo<Claims> | Promise<AuthInfo<Claims>> => {
    const auth = {
      payload: verified.payload as Claims & JWTPayload,
      header: verified.header,
      token,
    };
    return isRevoked ? checkRevocation(verified.payload, verified.header).then(() => auth) : auth;
  };

  const verifyInFull = async <Claims extends object>(
    token: string,
    nowMs: number,
    context: RequestContext | undefined,
  ): Promise<AuthInfo<Claims>> => {
    let entry: CachedVerification;
    try {
      const result = await verifySigned(token, nowMs, context);
      entry = {
        payload: deepFreeze(result.payload),
        header: deepFreeze(result.header),
        keyVersion: result.keyVersion,
      };
    } catch (error) {
      if (cache && error instanceof JwtGuardError) cache.fail(token, error.code);
      throw error;
    }
    cache?.set(token, entry, nowMs / 1000);
    return answer<Claims>(entry, token);
  };

  const verifyMaybeSync = <Claims extends object = JWTPayload>(
    token: string,
    context?: RequestContext,
  ): AuthInfo<Claims> | Promise<AuthInfo<Claims>> => {
    if (typeof token !== 'string' || token.length > maxTokenBytes) {
      throw createError(typeof token === 'string' ? 'ERR_TOKEN_TOO_LARGE' : 'ERR_TOKEN_MALFORMED', {
        realm,
      });
    }
    const nowMs = now();
    const cached = cache?.get(token);
    if (cached) {
      const stale = staleReason(cached.payload, nowMs / 1000);
      if (stale) {
        cache!.delete(token);
        throw createError(stale, { realm });
      }
      // Still held by the issuer's key set: answer from memory. Otherwise the key that
      // verified it is gone: verify again from scratch.
      if (keySource.holds?.(cached.header.kid, cached.keyVersion) !== false) {
        return answer(cached, token);
      }
      cache!.delete(token);
    } else {
      const failed = cache?.failure(token);
      if (failed) throw createError(failed, { realm });
    }
    return verifyInFull<Claims>(token, nowMs, context);
  };

  return {
    options: resolved,
    verifyMaybeSync,
    verify<Claims extends object = JWTPayload>(token: string, context?: RequestContext) {
      try {
        return Promise.resolve(verifyMaybeSync<Claims>(token, context));
      } catch (error) {
        return Promise.reject(error);
      }
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
