/** Claim requirements: one claim equals a value, or passes a predicate, as `requireClaim`. */
import type { JWTPayload } from 'jose';
import { readClaim } from '../claims/read-claims.js';
import { ALLOWED, DENIED, definePolicy, type Policy } from './policy.js';

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
  if ((typeof path !== 'string' && !Array.isArray(path)) || path.length === 0) {
    throw new TypeError('jwt-guard: claim() needs a claim path');
  }
  if (!['string', 'number', 'boolean', 'function'].includes(typeof expected)) {
    throw new TypeError('jwt-guard: claim() needs a value or a predicate function');
  }
  return definePolicy(async (auth) => {
    const value = readClaim(auth.payload, path);
    if (value === undefined) return DENIED;
    const ok =
      typeof expected === 'function'
        ? (await expected(value, auth.payload)) === true
        : value === expected || (Array.isArray(value) && value.includes(expected));
    return ok ? ALLOWED : DENIED;
  });
}
