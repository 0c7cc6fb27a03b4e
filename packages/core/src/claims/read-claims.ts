/**
 * Reading permissions out of verified claims. Own properties only: `__proto__`,
 * `constructor` and other inherited names never grant anything.
 */
import type { JWTPayload } from 'jose';
import type { RolesClaim, ScopesClaim } from '../auth-info.js';

/**
 * The value at a claim path: an exact top-level name first (namespaced claims such as
 * `https://example.com/roles` contain dots), else dot-separated segments; an array path
 * walks its segments as given.
 *
 * @example
 * ```ts
 * readClaim({ realm_access: { roles: ['admin'] } }, 'realm_access.roles'); // ['admin']
 * ```
 */
export function readClaim(payload: object, path: string | readonly string[]): unknown {
  if (typeof path === 'string' && Object.hasOwn(payload, path)) {
    return (payload as Record<string, unknown>)[path];
  }
  const segments = typeof path === 'string' ? path.split('.') : path;
  let node: unknown = payload;
  for (const segment of segments) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, segment))
      return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/**
 * The token's scopes. By default `scope` split on spaces (RFC 6749 §3.3, RFC 8693 §4.2)
 * and `scp` as an array or a space-delimited string; with `scopesClaim`, the value read
 * there (a claim path, or a function's result), read the same way, one array level deep
 * (so a function may return several claims at once). Exact, case-sensitive strings.
 *
 * @example
 * ```ts
 * scopesOf({ scope: 'read write', scp: ['admin'] }); // Set { 'read', 'write', 'admin' }
 * scopesOf({ scope: 'a', permissions: ['b'] }, (p) => [p.scope, p.permissions]); // Set { 'a', 'b' }
 * ```
 */
export function scopesOf(payload: JWTPayload, scopesClaim?: ScopesClaim): Set<string> {
  const scopes = new Set<string>();
  if (scopesClaim === undefined) {
    addDelimited(scopes, readClaim(payload, ['scope']));
    addDelimited(scopes, readClaim(payload, ['scp']));
    return scopes;
  }
  const value =
    typeof scopesClaim === 'function'
      ? scopesClaim(payload)
      : readClaim(payload, scopesClaim as string);
  if (Array.isArray(value)) for (const item of value) addDelimited(scopes, item);
  else addDelimited(scopes, value);
  return scopes;
}

/**
 * The token's roles at `rolesClaim`: a string is one role, an array its string members.
 *
 * @example
 * ```ts
 * rolesOf({ roles: ['admin', 'ops'] }, 'roles'); // Set { 'admin', 'ops' }
 * ```
 */
export function rolesOf(payload: JWTPayload, rolesClaim: RolesClaim): Set<string> {
  const value =
    typeof rolesClaim === 'function'
      ? rolesClaim(payload)
      : readClaim(payload, rolesClaim as string);
  const roles = new Set<string>();
  if (typeof value === 'string') roles.add(value);
  else if (Array.isArray(value))
    for (const role of value) if (typeof role === 'string') roles.add(role);
  return roles;
}

function addDelimited(into: Set<string>, value: unknown): void {
  if (typeof value === 'string') {
    for (const part of value.split(' ')) if (part !== '') into.add(part);
  } else if (Array.isArray(value)) {
    for (const part of value) if (typeof part === 'string' && part !== '') into.add(part);
  }
}
