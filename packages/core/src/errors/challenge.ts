/** Builds the `WWW-Authenticate: Bearer` challenge of RFC 6750 §3. */

/** What goes into one Bearer challenge. */
export interface ChallengeParams {
  readonly realm: string;
  readonly error?: string | undefined;
  readonly description?: string | undefined;
  readonly scope?: readonly string[] | undefined;
}

// RFC 9110 §5.6.4 quoted-string: escape the two characters that would end or break it.
// Values are printable ASCII by then: realms and scope names are checked at creation.
const quote = (value: string) => `"${value.replace(/[\\"]/g, '\\$&')}"`;

// RFC 9110 §5.6.4 qdtext plus the escapable pair: what may stand between the quotes
// of a header value without breaking it. We accept less: printable ASCII without `"` and
// `\`, so no value ever needs escaping and nothing outside ASCII reaches a header.
const HEADER_SAFE = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * True when `value` can stand in a challenge's quoted string as it is: printable ASCII
 * without `"` and `\`. Realms and scope names are checked with it once, at creation, so
 * writing a challenge can never fail on the first refusal.
 *
 * @example
 * ```ts
 * isChallengeSafe('api'); // true
 * isChallengeSafe('API ✓'); // false
 * ```
 */
export function isChallengeSafe(value: string): boolean {
  return HEADER_SAFE.test(value);
}

/**
 * Formats a Bearer challenge. Without `error` it is the bare challenge RFC 6750 §3.1 asks
 * for when a request carried no credentials.
 *
 * @example
 * ```ts
 * formatBearerChallenge({ realm: 'api', error: 'invalid_token', description: 'expired' });
 * // 'Bearer realm="api", error="invalid_token", error_description="expired"'
 * ```
 */
export function formatBearerChallenge(params: ChallengeParams): string {
  const parts = [`realm=${quote(params.realm)}`];
  if (params.error) parts.push(`error=${quote(params.error)}`);
  if (params.error && params.description) {
    parts.push(`error_description=${quote(params.description)}`);
  }
  if (params.scope?.length) parts.push(`scope=${quote(params.scope.join(' '))}`);
  return `Bearer ${parts.join(', ')}`;
}
