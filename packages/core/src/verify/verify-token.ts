/**
 * The per-request half of a verifier: plain functions over a {@link VerifierPlan}. A token
 * verified before is answered from the token cache (see `cached-verification.ts` for what
 * a reused verification must still pass); any other is decrypted if it is encrypted,
 * routed to the issuer it claims (`issuer-routes.ts`), and verified there on the fastest
 * signature path the runtime offers.
 */
import type { JWTPayload } from 'jose';
import type { AuthInfo } from '../auth-info.js';
import { isCompactJwe } from '../decrypt/index.js';
import type { ErrorCode } from '../errors/codes.js';
import { createError, JwtGuardError } from '../errors/jwt-guard-error.js';
import { reportRefusal } from '../events.js';
import { isJoseToken } from '../introspection/token-format.js';
import type { RequestContext } from '../request-context.js';
import { readUnverifiedClaims } from '../token/unverified-claims.js';
import { deepFreeze } from './deep-freeze.js';
import type { IssuerRoute } from './issuer-route.js';
import { checkRevocation } from './revocation.js';
import type { CachedVerification } from './token-cache.js';
import type { VerifierPlan } from './verifier-plan.js';
import { confirmActiveJwt, verifyOpaque } from './verify-opaque.js';

type Answer<Claims extends object> = AuthInfo<Claims> | Promise<AuthInfo<Claims>>;

// Refusals no issuer configuration can change, so worth remembering even with a resolver.
const ANY_CONFIGURATION = new Set<ErrorCode>(['ERR_TOKEN_MALFORMED', 'ERR_DECRYPTION_FAILED']);

/**
 * Verifies `token`: the verified token (claims and header frozen), returned at once when
 * the cache answers and no `isRevoked` hook is set, else a promise; refusals are thrown or
 * rejected as `JwtGuardError`s. What `Verifier.verifyMaybeSync` runs.
 *
 * @example
 * ```ts
 * const auth = await verifyToken(prepareVerifier({ issuer, audience }), token);
 * ```
 */
export function verifyToken<Claims extends object = JWTPayload>(
  plan: VerifierPlan,
  token: string,
  context?: RequestContext,
): Answer<Claims> {
  assertVerifiable(plan, token);
  const nowMs = plan.now();
  const opaque = introspected<Claims>(plan, token, nowMs, context);
  if (opaque) return opaque;
  const reused = reuseAt<Claims>(plan, token, nowMs, context);
  if (reused) return reused;
  return verifyUncached<Claims>(plan, token, nowMs, context);
}

// RFC 7662: a token that is no compact JWS or JWE goes to the issuer that introspects it;
// `undefined` for every other token.
function introspected<Claims extends object>(
  plan: VerifierPlan,
  token: string,
  nowMs: number,
  context: RequestContext | undefined,
): Promise<AuthInfo<Claims>> | undefined {
  const { routes } = plan;
  if (routes.opaqueIssuer === undefined || isJoseToken(token)) return undefined;
  return verifyOpaque(routes, routes.opaqueIssuer, plan.emit, token, nowMs, context).then(
    (verified) => answer<Claims>(plan, verified, token, true),
  );
}

// What is refused before the cache is looked at.
function assertVerifiable(plan: VerifierPlan, token: string): void {
  if (typeof token !== 'string') throw createError('ERR_TOKEN_MALFORMED');
  if (token.length > plan.maxTokenBytes) throw createError('ERR_TOKEN_TOO_LARGE');
}

// A remembered refusal, else verification in full.
function verifyUncached<Claims extends object>(
  plan: VerifierPlan,
  token: string,
  nowMs: number,
  context: RequestContext | undefined,
): Promise<AuthInfo<Claims>> {
  plan.cache?.throwIfFailed(token);
  return verifyInFull<Claims>(plan, token, nowMs, context);
}

/**
 * {@link verifyToken} for a token {@link reuseVerification} has just found no reusable
 * verification for: the same checks, introspection and refusals, without looking the cache
 * up a second time (what a refused or first-seen token paid on every request).
 *
 * @example
 * ```ts
 * const auth = reuseVerification(plan, token) ?? verifyMissed(plan, token);
 * ```
 */
export function verifyMissed<Claims extends object = JWTPayload>(
  plan: VerifierPlan,
  token: string,
  context?: RequestContext,
): Answer<Claims> {
  assertVerifiable(plan, token);
  const nowMs = plan.now();
  return (
    introspected<Claims>(plan, token, nowMs, context) ??
    verifyUncached<Claims>(plan, token, nowMs, context)
  );
}

/**
 * The answer the token cache already holds for `token`, without verifying anything new:
 * `undefined` when it holds no reusable verification (then call {@link verifyToken}).
 * What `Verifier.reuse` runs.
 *
 * @example
 * ```ts
 * const auth = reuseVerification(plan, token) ?? (await verifyToken(plan, token));
 * ```
 */
export function reuseVerification<Claims extends object = JWTPayload>(
  plan: VerifierPlan,
  token: string,
  context?: RequestContext,
): Answer<Claims> | undefined {
  // Whatever `verifyToken` would refuse before looking is not looked up; an opaque token is
  // never in this cache.
  if (plan.cache === undefined || typeof token !== 'string' || token.length > plan.maxTokenBytes) {
    return undefined;
  }
  if (plan.routes.opaqueIssuer !== undefined && !isJoseToken(token)) return undefined;
  return reuseAt<Claims>(plan, token, plan.now(), context);
}

/**
 * {@link verifyToken} as a promise, reporting the refusals the cache answers, and
 * revocation, to the listener (once per error). What `Verifier.verify` runs.
 *
 * @example
 * ```ts
 * const { payload } = await verifyTokenAsync(plan, token);
 * ```
 */
export function verifyTokenAsync<Claims extends object = JWTPayload>(
  plan: VerifierPlan,
  token: string,
  context?: RequestContext,
): Promise<AuthInfo<Claims>> {
  let verified: Promise<AuthInfo<Claims>>;
  try {
    verified = Promise.resolve(verifyToken<Claims>(plan, token, context));
  } catch (error) {
    verified = Promise.reject(error);
  }
  const { emit } = plan;
  return emit
    ? verified.catch((error: unknown) => {
        reportRefusal(emit, error);
        throw error;
      })
    : verified;
}

// A verification from the cache. A resolver may decide per request (a tenant in the host
// name) and may stop trusting an issuer: it is asked again, and the verification is
// reused only under the very route it gives now; another route verifies in full under
// it, and a refusal is the answer. A fixed list needs no asking.
function reuseAt<Claims extends object>(
  plan: VerifierPlan,
  token: string,
  nowMs: number,
  context: RequestContext | undefined,
): Answer<Claims> | undefined {
  const reused = plan.cache?.reuse(token, nowMs, context);
  if (!reused) return undefined;
  if (plan.routes.refusalsAreFinal) return answerReused<Claims>(plan, reused, token);
  const again = (route: IssuerRoute) =>
    route === reused.route
      ? answerReused<Claims>(plan, reused, token)
      : verifyInFull<Claims>(plan, token, nowMs, context);
  const found = plan.routes.route(reused.payload.iss, context?.request);
  return found instanceof Promise ? found.then(again) : again(found);
}

function answerReused<Claims extends object>(
  plan: VerifierPlan,
  reused: CachedVerification,
  token: string,
): Answer<Claims> {
  plan.emit?.({ type: 'token-accepted', issuer: reused.route.rules.claims.issuer, cached: true });
  return answer<Claims>(plan, reused, token);
}

function answer<Claims extends object>(
  plan: VerifierPlan,
  verified: CachedVerification,
  token: string,
  introspected = false,
): Answer<Claims> {
  // The route that verified the token makes its answer: where that issuer puts roles and
  // scopes travels with it, never beside the verifier (issue 19 §1.7).
  const auth = verified.route.authInfo<Claims>(
    verified.payload as Claims & JWTPayload,
    verified.header,
    token,
  );
  const { isRevoked } = plan;
  const stillActive = introspected ? undefined : confirmActiveJwt(verified.route, token);
  if (stillActive === undefined && isRevoked === undefined) return auth;
  return (async () => {
    await stillActive;
    if (isRevoked) await checkRevocation(isRevoked, verified.payload, verified.header);
    return auth;
  })();
}

// Decrypt (a five-part token, when decryption is on), read the claimed issuer, then
// verify on that issuer's route. The cache keys on the token as presented, so a
// repeated encrypted token is not decrypted again.
async function verifyInFull<Claims extends object>(
  plan: VerifierPlan,
  token: string,
  nowMs: number,
  context: RequestContext | undefined,
): Promise<AuthInfo<Claims>> {
  const { emit, cache } = plan;
  const startedAt = emit && performance.now();
  let verified: CachedVerification;
  try {
    verified = await verifySigned(plan, token, nowMs, context);
  } catch (error) {
    // A resolver may trust an issuer, and set its audience or claims, per request: with
    // one, only what no configuration changes (the token's form, its decryption) is
    // remembered.
    if (
      error instanceof JwtGuardError &&
      (plan.routes.refusalsAreFinal || ANY_CONFIGURATION.has(error.code))
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
  return answer<Claims>(plan, verified, token);
}

async function verifySigned(
  plan: VerifierPlan,
  token: string,
  nowMs: number,
  context: RequestContext | undefined,
): Promise<CachedVerification> {
  const { decrypt, routes } = plan;
  const signed = decrypt && isCompactJwe(token) ? await decrypt(token) : token;
  const claims = readUnverifiedClaims(signed);
  const found = routes.route(claims.iss, context?.request);
  const route = found instanceof Promise ? await found : found;
  // Read before verifying: a key set that changes meanwhile voids what this refusal says.
  const generation = plan.keyGeneration.value;
  let result: Awaited<ReturnType<IssuerRoute['verifySigned']>>;
  try {
    result = await route.verifySigned(signed, nowMs, context, claims);
  } catch (error) {
    rememberUnknownKey(plan, token, route, generation, error);
    throw error;
  }
  return {
    payload: deepFreeze(result.payload),
    header: deepFreeze(result.header),
    keyId: result.keyId,
    route,
  };
}

// Issue 24: a flood of one unknown `kid` is refused from the cache while the refusal cannot
// change: until the issuer's source could refetch (its cooldown) or refresh (its set's
// freshness), and while no key set has changed since before this verification began. Only
// for a fixed list of issuers (a resolver may answer per request) and a source the
// verifier built (a custom one moves no generation).
function rememberUnknownKey(
  plan: VerifierPlan,
  token: string,
  route: IssuerRoute,
  generation: number,
  error: unknown,
): void {
  const { cache, routes } = plan;
  const { unknownKeyStandsUntil } = route;
  if (cache === undefined || unknownKeyStandsUntil === undefined || !routes.refusalsAreFinal) {
    return;
  }
  if (!(error instanceof JwtGuardError) || error.code !== 'ERR_KEY_NOT_FOUND') return;
  cache.forget(token, error.code, error.hint, { generation, untilMs: unknownKeyStandsUntil() });
}
