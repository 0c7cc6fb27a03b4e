/**
 * Reading string lists out of verified claims for presets whose roles or scopes span
 * several claims. Own properties only, as everywhere else (`readClaim`).
 */
import { readClaim } from '../claims/read-claims.js';

/**
 * The non-empty string items of the array at `path`; anything else yields none.
 *
 * @example
 * ```ts
 * stringItems({ realm_access: { roles: ['admin', 7] } }, ['realm_access', 'roles']); // ['admin']
 * ```
 */
export function stringItems(payload: object, path: readonly string[]): string[] {
  const value = readClaim(payload, path);
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string => typeof item === 'string' && item !== '');
}

/**
 * The space-delimited tokens of the string at `path` (RFC 6749 §3.3); anything else yields none.
 *
 * @example
 * ```ts
 * delimitedItems({ scope: 'read:orders  write:orders' }, ['scope']); // ['read:orders', 'write:orders']
 * ```
 */
export function delimitedItems(payload: object, path: readonly string[]): string[] {
  const value = readClaim(payload, path);
  if (typeof value !== 'string') return [];
  return value.split(' ').filter((item) => item !== '');
}
