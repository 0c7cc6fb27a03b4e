/**
 * The string-list checks the option parsers and the policy builders share, and the one
 * scope-token pattern.
 */

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), printable ASCII without
// space, `"` and `\`, so a scope name can always be written into a challenge's `scope="…"`.
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * Whether `value` is one RFC 6749 §3.3 scope-token.
 *
 * @example
 * ```ts
 * isScopeToken('read:orders'); // true
 * isScopeToken('read orders'); // false
 * ```
 */
export function isScopeToken(value: unknown): value is string {
  return typeof value === 'string' && SCOPE_TOKEN.test(value);
}

/**
 * The values, frozen, when they are one or more non-empty strings; a `TypeError` naming
 * the builder `name` otherwise.
 *
 * @example
 * ```ts
 * nonEmptyStrings('hasAnyRole', ['admin']); // ['admin']
 * ```
 */
export function nonEmptyStrings(name: string, values: readonly unknown[]): readonly string[] {
  if (values.length === 0 || values.some((v) => typeof v !== 'string' || v === '')) {
    throw new TypeError(`jwt-guard: ${name}() needs one or more non-empty strings`);
  }
  return Object.freeze([...(values as string[])]);
}

/**
 * The scopes, frozen, when each is an RFC 6749 scope-token; the first that is not is named
 * in a `TypeError` naming the builder `name`.
 *
 * @example
 * ```ts
 * scopeTokens('hasScopes', ['read:orders']); // ['read:orders']
 * ```
 */
export function scopeTokens(name: string, values: readonly unknown[]): readonly string[] {
  const scopes = nonEmptyStrings(name, values);
  const unfit = scopes.find((scope) => !isScopeToken(scope));
  if (unfit !== undefined) {
    throw new TypeError(
      `jwt-guard: ${name}() scope ${JSON.stringify(unfit)} is not a scope-token (printable ASCII without spaces, quotes or backslashes)`,
    );
  }
  return scopes;
}
