/**
 * Checks on claims beyond the registered ones, declared in options: `claims: { tid: '…',
 * token_use: 'access', client_id: ['a', 'b'] }`. Compiled once at start-up; applied after
 * the signature, like the registered-claim rules, so a reused verification has passed them.
 */
import type { JWTPayload } from 'jose';

/** What a claim must be: equal to a value, equal to one of several, or pass a predicate. */
export type ClaimRequirement =
  | string
  | number
  | boolean
  | readonly (string | number | boolean)[]
  | ((value: unknown, payload: JWTPayload) => boolean);

/** Claims that must be present, by name, each with what it must be. */
export type ClaimChecks = Readonly<Record<string, ClaimRequirement>>;

/**
 * The compiled checks: the name of the first claim that fails (for events: the name, never
 * the value), or `undefined` when the payload passes every one.
 */
export type ClaimCheck = (payload: JWTPayload) => string | undefined;

const isPrimitive = (value: unknown): value is string | number | boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/**
 * Validates `checks` (a `TypeError` names `option`) and compiles them. Each named claim must
 * be an own property of the payload; a predicate that throws counts as a failed check
 * (fail closed), never as an error of the request.
 *
 * @example
 * ```ts
 * const check = compileClaimChecks({ token_use: 'access', client_id: ['web', 'cli'] }, 'claims');
 * check?.({ token_use: 'access', client_id: 'web' }); // undefined: passes
 * check?.({ token_use: 'id', client_id: 'web' }); // 'token_use'
 * ```
 */
export function compileClaimChecks(checks: unknown, option: string): ClaimCheck | undefined {
  if (checks === undefined) return undefined;
  if (typeof checks !== 'object' || checks === null || Array.isArray(checks)) {
    throw new TypeError(`jwt-guard: option "${option}" must be an object of claim checks`);
  }
  const compiled = Object.entries(checks).map(([name, expected]) => {
    const where = `jwt-guard: option "${option}.${name}"`;
    if (typeof expected === 'function') return { name, test: expected as ClaimPredicate };
    if (isPrimitive(expected)) return { name, test: (value: unknown) => value === expected };
    if (Array.isArray(expected) && expected.length > 0 && expected.every(isPrimitive)) {
      const accepted: readonly unknown[] = [...expected];
      return { name, test: (value: unknown) => accepted.includes(value) };
    }
    throw new TypeError(
      `${where} must be a string, number, boolean, a non-empty array of them, or a function`,
    );
  });
  if (compiled.length === 0) return undefined;
  return (payload) =>
    compiled.find(({ name, test }) => {
      if (!Object.hasOwn(payload, name)) return true;
      try {
        return test((payload as Record<string, unknown>)[name], payload) !== true;
      } catch {
        return true;
      }
    })?.name;
}

type ClaimPredicate = (value: unknown, payload: JWTPayload) => boolean;

/** The claims RFC 9068 §2.2 requires of an access token. */
export const RFC9068_REQUIRED_CLAIMS: readonly string[] = Object.freeze([
  'iss',
  'exp',
  'aud',
  'sub',
  'client_id',
  'iat',
  'jti',
]);
