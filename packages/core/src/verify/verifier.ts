/**
 * `createVerifier`: one per API, reused for every request, trusting one issuer, several,
 * or those a resolver admits. A short orchestrator: `verifier-plan.ts` prepares the state
 * once, and the functions of `verify-token.ts` verify each token with it.
 */
import type { JWTPayload } from 'jose';
import type { AuthInfo } from '../auth-info.js';
import type { RequestContext } from '../request-context.js';
import type { ResolvedVerifierOptions, VerifierOptions } from './verifier-options.js';
import { prepareVerifier, type VerifierPlan } from './verifier-plan.js';
import { reuseVerification, verifyToken, verifyTokenAsync } from './verify-token.js';

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
  /**
   * The prepared state the per-request functions take (`verifyToken(plan, token)`): how
   * an authenticator given this verifier reaches its code, rather than this interface.
   */
  readonly plan: VerifierPlan;
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
  const plan = prepareVerifier(options);
  return {
    options: plan.options,
    plan,
    ready: () => plan.routes.warm(),
    verifyMaybeSync: <Claims extends object = JWTPayload>(
      token: string,
      context?: RequestContext,
    ) => verifyToken<Claims>(plan, token, context),
    reuse: <Claims extends object = JWTPayload>(token: string, context?: RequestContext) =>
      reuseVerification<Claims>(plan, token, context),
    verify: <Claims extends object = JWTPayload>(token: string, context?: RequestContext) =>
      verifyTokenAsync<Claims>(plan, token, context),
  };
}
