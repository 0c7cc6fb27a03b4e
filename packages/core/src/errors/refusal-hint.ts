/**
 * Hints for the operator, carried by a refusal's event: when a token's `iss` or `aud`
 * differs from a configured value only by a trailing slash, the mistake is almost always
 * in the configuration, and otherwise looks like a forged token. The hint names the
 * configured value and the kind of difference, never the token's own value.
 */

/** What a refused token's claim has in common with a configured value. */
export interface RefusalHint {
  /** The claim that was compared. */
  readonly claim: 'iss' | 'aud';
  /** The configured issuer or audience the token's value nearly matches. */
  readonly configured: string;
  /** How they differ. */
  readonly difference: 'trailing-slash';
}

const withoutSlash = (value: string) => (value.endsWith('/') ? value.slice(0, -1) : value);

/**
 * The hint for a refused `iss` or `aud` (a string or an array of them), or `undefined` when
 * no configured value is equal to the token's apart from one trailing slash. Issuer
 * identifiers are compared exactly (RFC 7519 §4.1.1, OpenID Connect Discovery §3), so the
 * refusal stands; the hint only says why.
 *
 * @example
 * ```ts
 * slashHint('iss', 'https://id.example.com', ['https://id.example.com/']);
 * // { claim: 'iss', configured: 'https://id.example.com/', difference: 'trailing-slash' }
 * ```
 */
export function slashHint(
  claim: 'iss' | 'aud',
  seen: unknown,
  configured: Iterable<string>,
): RefusalHint | undefined {
  // A claim that is no string (absent, a number, an object) cannot be a near miss.
  const values = (Array.isArray(seen) ? seen : [seen]).filter(
    (value): value is string => typeof value === 'string',
  );
  for (const one of configured) {
    const bare = withoutSlash(one);
    if (values.some((value) => value !== one && withoutSlash(value) === bare)) {
      return { claim, configured: one, difference: 'trailing-slash' };
    }
  }
  return undefined;
}
