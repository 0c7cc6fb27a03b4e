/**
 * `createVerifier`: one per API, reused for every request, trusting one issuer, several,
 * or those a resolver admits. Answers a token it has verified before from the token cache
 * (see `cached-verification.ts` for what a reused verification must still pass), and
 * otherwise decrypts it if it is encrypted, finds the route of the issuer it claims
 * (`issuer-routes.ts`), and verifies it there on the fastest signature path the runtime
 * offers.
 */
import type { JWTPayload } from 'jose';
import type { AuthInfo } from '../auth-info.js';
import { createTokenDecrypter, isCompactJwe } from '../decrypt/index.js';
import type { ErrorCode } from '../errors/codes.js';
import { createError, JwtGuardError } from '../errors/jwt-guard-error.js';
import { reportRefusal } from '../events.js';
import type { RequestContext } from '../request-context.js';
import { readUnverifiedClaims } from '../token/unverified-claims.js';
import { createVerificationCache } from './cached-verification.js';
import { deepFreeze } from './deep-freeze.js';
import { createIssuerRoutes, type IssuerRoute } from './issuer-routes.js';
import { checkRevocation } from './revocation.js';
import type { CachedVerification } from './token-cache.js';
import {
  type ResolvedVerifierOptions,
  resolveVerifierOptions,
  type VerifierOptions,
} from './verifier-options.js';

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
  /**
   * The answer the token cache already holds for `token`, without verifying anything new:
   * `undefined` when it holds no reusable verification (then call `verify`). A token
   * found here passed every check when it was verified; a stored verification the clock
   * has since ended throws, like `verify`. Failures the cache keeps are left to `verify`.
   */
  reuse<Claims extends object = JWTPayload>(
    token: string,
    context?: RequestContext,
  ): AuthInfo<Claims> | Promise<AuthInfo<Claims>> | undefined;
  /**
   * Loads the keys of every issuer configured by name, for a start-up check: resolves when
   * they can be had, and rejects with an `Error` naming the reason (the URL and status, an
   * issuer that differs from its metadata's, a key set without a usable key) when not. A
   * misconfiguration then fails the deploy, instead of answering 503 to every request.
   * Issuers of a resolver are not known in advance and are not loaded.
   */
  ready(): Promise<void>;
  /** The validated options, defaults filled in. */
  readonly options: ResolvedVerifierOptions;
}

// Refusals no issuer configuration can change, so worth remembering even with a resolver.
const ANY_CONFIGURATION = new Set<ErrorCode>(['ERR_TOKEN_MALFORMED', 'ERR_DECRYPTION_FAILED']);

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
  const { maxTokenBytes, isRevoked, events: emit } = resolved;
  const now = resolved.now ?? Date.now;
  const routes = createIssuerRoutes(resolved, now);
  const decrypt = resolved.decryption ? createTokenDecrypter(resolved.decryption) : undefined;
  const cache = resolved.cache ? createVerificationCache(resolved.cache, now) : undefined;

  const answer = <Claims extends object>(
    verified: CachedVerification,
    token: string,
  ): AuthInfo<Claims> | Promise<AuthInfo<Claims>> => {
    // The route that verified the token makes its answer: where that issuer puts roles and
    // scopes travels with it, never beside the verifier (issue 19 §1.7).
    const auth = verified.route.authInfo<Claims>(
      verified.payload as Claims & JWTPayload,
      verified.header,
      token,
    );
    return isRevoked
      ? checkRevocation(isRevoked, verified.payload, verified.header).then(() => auth)
      : auth;
  };

  const answerReused = <Claims extends object>(reused: CachedVerification, token: string) => {
    emit?.({ type: 'token-accepted', issuer: reused.route.rules.claims.issuer, cached: true });
    return answer<Claims>(reused, token);
  };

  // A verification from the cache. A resolver may decide per request (a tenant in the host
  // name) and may stop trusting an issuer: it is asked again, and the verification is
  // reused only under the very route it gives now; another route verifies in full under
  // it, and a refusal is the answer. A fixed list needs no asking.
  const reuseNow = <Claims extends object>(
    token: string,
    nowMs: number,
    context: RequestContext | undefined,
  ): AuthInfo<Claims> | Promise<AuthInfo<Claims>> | undefined => {
    const reused = cache?.reuse(token, nowMs, context);
    if (!reused) return undefined;
    if (routes.refusalsAreFinal) return answerReused<Claims>(reused, token);
    const again = (route: IssuerRoute) =>
      route === reused.route
        ? answerReused<Claims>(reused, token)
        : verifyInFull<Claims>(token, nowMs, context);
    const found = routes.route(reused.payload.iss, context?.request);
    return found instanceof Promise ? found.then(again) : again(found);
  };

  // Decrypt (a five-part token, when decryption is on), read the claimed issuer, then
  // verify on that issuer's route. The cache keys on the token as presented, so a
  // repeated encrypted token is not decrypted again.
  const verifyInFull = async <Claims extends object>(
    token: string,
    nowMs: number,
    context: RequestContext | undefined,
  ): Promise<AuthInfo<Claims>> => {
    let verified: CachedVerification;
    const startedAt = emit && performance.now();
    try {
      const signed = decrypt && isCompactJwe(token) ? await decrypt(token) : token;
      const claims = readUnverifiedClaims(signed);
      const found = routes.route(claims.iss, context?.request);
      const route = found instanceof Promise ? await found : found;
      const result = await route.verifySigned(signed, nowMs, context, claims);
      verified = {
        payload: deepFreeze(result.payload),
        header: deepFreeze(result.header),
        keyId: result.keyId,
        route,
      };
    } catch (error) {
      // A resolver may trust an issuer, and set its audience or claims, per request: with
      // one, only what no configuration changes (the token's form, its decryption) is
      // remembered.
      if (
        error instanceof JwtGuardError &&
        (routes.refusalsAreFinal || ANY_CONFIGURATION.has(error.code))
      ) {
        cache?.forget(token, error.code, error.hint);
      }
      reportRefusal(emit, error);
      throw error;
    }
    cache?.remember(token, verified, nowMs);
    emit?.({
      type: 'token-accepted',
      issuer: verified.route.rules.claims.issuer,
      cached: false,
      durationMs: performance.now() - (startedAt as number),
    });
    return answer<Claims>(verified, token);
  };

  const verifyMaybeSync = <Claims extends object = JWTPayload>(
    token: string,
    context?: RequestContext,
  ): AuthInfo<Claims> | Promise<AuthInfo<Claims>> => {
    if (typeof token !== 'string') throw createError('ERR_TOKEN_MALFORMED');
    if (token.length > maxTokenBytes) throw createError('ERR_TOKEN_TOO_LARGE');
    const nowMs = now();
    const reused = reuseNow<Claims>(token, nowMs, context);
    if (reused) return reused;
    cache?.throwIfFailed(token);
    return verifyInFull<Claims>(token, nowMs, context);
  };

  return {
    options: resolved,
    ready: () => routes.warm(),
    verifyMaybeSync,
    reuse<Claims extends object = JWTPayload>(token: string, context?: RequestContext) {
      // Whatever `verify` would refuse before looking is not looked up.
      if (cache === undefined || typeof token !== 'string' || token.length > maxTokenBytes) {
        return undefined;
      }
      return reuseNow<Claims>(token, now(), context);
    },
    verify<Claims extends object = JWTPayload>(token: string, context?: RequestContext) {
      let verified: Promise<AuthInfo<Claims>>;
      try {
        verified = Promise.resolve(verifyMaybeSync<Claims>(token, context));
      } catch (error) {
        verified = Promise.reject(error);
      }
      // Refusals the cache answers, or revocation, are reported here (once per error).
      return emit
        ? verified.catch((error: unknown) => {
            reportRefusal(emit, error);
            throw error;
          })
        : verified;
    },
  };
}
