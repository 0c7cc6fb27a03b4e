/**
 * Where an opaque token joins the one pipeline: routed to the one issuer that may have it,
 * introspected there, and its answer's claims held to that issuer's claim rules (issuer,
 * audience, time, required and configured claims) exactly as a verified JWT's are. The
 * result has the shape of a verified token, so binding, the deny list, guards, policies
 * and events treat both alike.
 */
import type { JWTPayload, ProtectedHeaderParameters } from 'jose';
import { claimsRefusal } from '../claims/validate-claims.js';
import { createError } from '../errors/jwt-guard-error.js';
import { type EventListener, reportRefusal } from '../events.js';
import type { OpaqueRouter } from '../introspection/opaque-routing.js';
import type { RequestContext } from '../request-context.js';
import { deepFreeze } from './deep-freeze.js';
import type { IssuerRoute } from './issuer-route.js';
import type { IssuerRoutes } from './issuer-routes.js';
import type { CachedVerification, VerificationRoute } from './token-cache.js';

// An opaque token has no JOSE header.
const NO_HEADER: ProtectedHeaderParameters = Object.freeze({});

/**
 * Introspects the opaque `token` at the issuer `router` picks for it, and reports the
 * outcome to `emit` as a verification's (`token-accepted`, `cached` when the introspection
 * cache answered; or `token-refused`). Never put in the verified-token cache: the
 * introspection cache keeps answers by hash, for at most `cacheMaxAge`. Rejects with a
 * `JwtGuardError`: `ERR_ISSUER_MISMATCH` when no issuer may have it, `ERR_TOKEN_INACTIVE`,
 * `ERR_INTROSPECTION_UNAVAILABLE`, or the claim rule the answer breaks.
 *
 * @example
 * ```ts
 * const verified = await verifyOpaque(plan.routes, router, plan.emit, token, Date.now(), context);
 * ```
 */
export async function verifyOpaque(
  routes: IssuerRoutes,
  router: OpaqueRouter,
  emit: EventListener | undefined,
  token: string,
  nowMs: number,
  context: RequestContext | undefined,
): Promise<CachedVerification> {
  const startedAt = emit && performance.now();
  try {
    const iss = router(token);
    if (iss === undefined) throw createError('ERR_ISSUER_MISMATCH');
    const route = await routes.route(iss, context?.request);
    const introspector = route.introspector;
    if (introspector === undefined) throw createError('ERR_ISSUER_MISMATCH');
    const { claims, cached } = await introspector.introspect(token);
    const payload = deepFreeze(acceptIntrospected(claims, route, nowMs));
    emit?.({
      type: 'token-accepted',
      issuer: route.issuer,
      cached,
      ...(cached ? {} : { durationMs: performance.now() - (startedAt as number) }),
    });
    return { payload, header: NO_HEADER, keyId: undefined, route };
  } catch (error) {
    reportRefusal(emit, error);
    throw error;
  }
}

/**
 * For an issuer that introspects its JWTs too (`tokens: 'jwt' | 'both'`): whether a JWT
 * that verified (from the token cache or not) is still active, as a promise that rejects
 * with `ERR_TOKEN_INACTIVE` or `ERR_INTROSPECTION_UNAVAILABLE`; `undefined` for any other
 * issuer. Its answers have their own cache, so a revocation shows within `cacheMaxAge`.
 *
 * @example
 * ```ts
 * await confirmActiveJwt(verified.route, token);
 * ```
 */
export function confirmActiveJwt(
  route: VerificationRoute,
  token: string,
): Promise<unknown> | undefined {
  const { introspector } = route;
  return introspector !== undefined && introspector.tokens !== 'opaque'
    ? introspector.introspect(token)
    : undefined;
}

/**
 * The claims of an active answer as the token's payload, after the issuer's claim rules.
 * RFC 7662 §2.2 makes every claim optional: a missing `iss` is the issuer asked; a missing
 * `exp` passes the time rules (the answer is kept at most `cacheMaxAge`, then asked
 * again), while a missing `aud` is refused wherever an audience is required.
 *
 * @example
 * ```ts
 * const payload = acceptIntrospected({ aud: 'api', sub: 'u1' }, route, Date.now());
 * payload.iss === route.issuer; // true
 * ```
 */
export function acceptIntrospected(
  claims: JWTPayload,
  route: IssuerRoute,
  nowMs: number,
): JWTPayload {
  const payload = Object.hasOwn(claims, 'iss') ? claims : { ...claims, iss: route.issuer };
  const nowSeconds = Math.floor(nowMs / 1000);
  const checked = Object.hasOwn(payload, 'exp') ? payload : { ...payload, exp: nowSeconds + 1 };
  const refusal = claimsRefusal(checked, route.rules.claims, nowSeconds);
  if (refusal) throw createError(refusal.code, { claim: refusal.claim, hint: refusal.hint });
  return payload;
}
