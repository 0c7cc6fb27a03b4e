/**
 * Claim requirements: one claim equals a value (an array claim must contain it), or passes
 * a predicate. `claim()` and the claim guard are this one reading.
 */
import type { JWTPayload } from 'jose';
import { readClaim } from '../claims/read-claims.js';
import { ALLOWED, definePolicy, type Policy, type PolicyOutcome } from './policy.js';
import type { Requirement } from './requirement.js';

/**
 * What a claim must be: a value it equals (an array claim must contain it), or a predicate
 * of the value, which may be async. Only `true` passes.
 *
 * @example
 * ```ts
 * const mfa: ClaimCondition = (amr) => Array.isArray(amr) && amr.includes('mfa');
 * ```
 */
export type ClaimCondition<Claims extends object = JWTPayload> =
  | string
  | number
  | boolean
  | ((value: unknown, payload: Claims & JWTPayload) => boolean | Promise<boolean>);

/**
 * What `requireClaim` asks of a claim: a value it equals (or, for an array claim,
 * contains), or a synchronous predicate. Only `true` passes.
 *
 * @example
 * ```ts
 * const adult: ClaimExpectation = (age) => typeof age === 'number' && age >= 18;
 * ```
 */
export type ClaimExpectation =
  | string
  | number
  | boolean
  | ((value: unknown, payload: JWTPayload) => boolean);

/**
 * Checks a claim rule's arguments at creation; a `TypeError` names `where`.
 *
 * @example
 * ```ts
 * checkClaimArguments('requireClaim()', 'org.tier', 'gold');
 * ```
 */
export function checkClaimArguments(where: string, path: unknown, expected: unknown): void {
  if ((typeof path !== 'string' && !Array.isArray(path)) || path.length === 0) {
    throw new TypeError(`jwt-guard: ${where} needs a claim path`);
  }
  if (!['string', 'number', 'boolean', 'function'].includes(typeof expected)) {
    throw new TypeError(`jwt-guard: ${where} needs a value or a predicate function`);
  }
}

/**
 * Reads the claim at `path` (own properties only; a dotted path walks objects, an exact
 * top-level name wins) and compares it: `true`/`false` for a value, what the predicate
 * returned for one (a promise for an async predicate). A missing claim is `false`, and the
 * predicate is not called for it.
 */
function claimMet<Claims extends object>(
  payload: Claims & JWTPayload,
  path: string | readonly string[],
  expected: ClaimCondition<Claims>,
): unknown {
  const value = readClaim(payload, path);
  if (value === undefined) return false;
  if (typeof expected === 'function') return expected(value, payload);
  return value === expected || (Array.isArray(value) && value.includes(expected));
}

// A failed claim is refused in its own words, by a guard and a policy alike, naming the
// path it read (never the value it found) in the refusal's event.
function claimRefusal(path: string | readonly string[]): PolicyOutcome {
  const claim = typeof path === 'string' ? path : path.join('.');
  return Object.freeze({ allowed: false, code: 'ERR_CLAIM_CHECK_FAILED', claim });
}

/**
 * The requirement on one claim, checked synchronously: a predicate that returns a promise
 * has not answered `true` now, so it refuses (its rejection, if any, is dropped rather than
 * left unhandled).
 *
 * @example
 * ```ts
 * const requirement = claimRequirement('email_verified', true);
 * ```
 */
export function claimRequirement(
  path: string | readonly string[],
  expected: ClaimExpectation,
): Requirement {
  const refused = claimRefusal(path);
  return (auth) => {
    const met = claimMet(auth.payload as JWTPayload, path, expected);
    if (met instanceof Promise) met.catch(() => undefined);
    return met === true ? ALLOWED : refused;
  };
}

/**
 * A requirement on one claim, read as own properties only (a dotted path walks objects; an
 * exact top-level name wins, for namespaced claims). A missing claim fails, and a
 * predicate is not called for it.
 *
 * @example
 * ```ts
 * allOf(claim('email_verified', true), claim('amr', (amr) => Array.isArray(amr) && amr.includes('mfa')));
 * ```
 */
export function claim<Claims extends object = JWTPayload>(
  path: string | readonly string[],
  expected: ClaimCondition<Claims>,
): Policy<unknown, Claims> {
  checkClaimArguments('claim()', path, expected);
  const refused = claimRefusal(path);
  return definePolicy(async (auth) =>
    (await claimMet(auth.payload as Claims & JWTPayload, path, expected)) === true
      ? ALLOWED
      : refused,
  );
}
