/**
 * The one refusal vocabulary of guards and policies: which error a refused outcome is
 * answered with, and the challenge (RFC 6750 §3) and event every refusal carries.
 */
import { type AuthInfo, policyOf } from '../auth-info.js';
import { DEFAULT_CHALLENGE } from '../errors/answer.js';
import { createError, JwtGuardError } from '../errors/jwt-guard-error.js';
import { type RefusedBy, reportAuthorizationRefusal } from '../events.js';
import type { PolicyOutcome } from './policy.js';

/** A refused outcome. */
export type Refused = Exclude<PolicyOutcome, { allowed: true }>;

/**
 * The error a refused outcome is answered with, decided here only:
 * - a requirement that threw: `ERR_POLICY_DENIED` (403), what it threw kept as `cause`
 *   only, so the answer's text is the code's fixed description;
 * - a step-up: `ERR_INSUFFICIENT_USER_AUTHENTICATION` (401, RFC 9470 §3), with
 *   `acr_values` and `max_age` in the challenge;
 * - missing scopes: `ERR_INSUFFICIENT_SCOPE` (403), with `scope="…"` (RFC 6750 §3.1);
 * - a requirement that named its refusal: that code (403 `insufficient_scope`), a missing
 *   role `ERR_INSUFFICIENT_ROLE`, a failed claim `ERR_CLAIM_CHECK_FAILED` naming the
 *   claim's path in events, whether a guard or a policy asked;
 * - anything else: `ERR_POLICY_DENIED` (403 `insufficient_scope`).
 *
 * @example
 * ```ts
 * throw refusalError({ allowed: false, scope: ['read'] }); // ERR_INSUFFICIENT_SCOPE
 * ```
 */
export function refusalError(outcome: Refused): JwtGuardError {
  if (outcome.failed) return createError('ERR_POLICY_DENIED', { cause: outcome.cause });
  if (outcome.stepUp) {
    const { acrValues, maxAge } = outcome.stepUp;
    return createError('ERR_INSUFFICIENT_USER_AUTHENTICATION', { acrValues, maxAge });
  }
  if (outcome.scope?.length) return createError('ERR_INSUFFICIENT_SCOPE', { scope: outcome.scope });
  const { code = 'ERR_POLICY_DENIED', claim } = outcome;
  return createError(code, claim === undefined ? undefined : { claim });
}

/**
 * Makes `error` the answer to the request behind `auth`: a `JwtGuardError` gets the
 * challenge settings of the authenticator that verified the token (the defaults without
 * one), and, when `by` names the guard or policy, is reported to that authenticator's
 * `events` as `authorization-refused`. Anything else passes on untouched.
 *
 * @example
 * ```ts
 * throw answerRefusal(auth, refusalError(outcome), { guard: 'authorize' });
 * ```
 */
export function answerRefusal(
  auth: AuthInfo<object> | undefined,
  error: unknown,
  by?: Omit<RefusedBy, 'issuer'>,
): unknown {
  const settings = policyOf(auth);
  if (error instanceof JwtGuardError) {
    error.withChallenge(settings?.challenge ?? DEFAULT_CHALLENGE);
  }
  if (by !== undefined) {
    reportAuthorizationRefusal(settings?.events, error, {
      ...by,
      issuer: (auth?.payload as { iss?: unknown } | undefined)?.iss,
    });
  }
  return error;
}
