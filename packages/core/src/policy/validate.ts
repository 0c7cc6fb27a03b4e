/** Creation-time checks shared by the policy builders: a `TypeError` naming the builder. */

// RFC 6749 §3.3 scope-token: printable ASCII without space, `"` and `\`, so a scope name
// can always be written into a challenge's `scope="…"` (the rule of the scope guards).
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * The values, when they are one or more non-empty strings.
 *
 * @example
 * ```ts
 * nonEmptyStrings('hasAnyRole', ['admin']); // ['admin']
 * ```
 */
export function nonEmptyStrings(builder: string, values: readonly unknown[]): readonly string[] {
  if (values.length === 0 || values.some((v) => typeof v !== 'string' || v === '')) {
    throw new TypeError(`jwt-guard: ${builder}() needs one or more non-empty strings`);
  }
  return Object.freeze([...(values as string[])]);
}

/**
 * The scopes, when each is an RFC 6749 scope-token; the first that is not is named.
 *
 * @example
 * ```ts
 * scopeTokens('hasScopes', ['read:orders']); // ['read:orders']
 * ```
 */
export function scopeTokens(builder: string, values: readonly unknown[]): readonly string[] {
  const scopes = nonEmptyStrings(builder, values);
  const unfit = scopes.find((scope) => !SCOPE_TOKEN.test(scope));
  if (unfit !== undefined) {
    throw new TypeError(
      `jwt-guard: ${builder}() scope ${JSON.stringify(unfit)} is not a scope-token (printable ASCII without spaces, quotes or backslashes)`,
    );
  }
  return scopes;
}
