/** Builds the `WWW-Authenticate: Bearer` challenge of RFC 6750 §3. */

/** What goes into one Bearer challenge. */
export interface ChallengeParams {
  readonly realm: string;
  readonly error?: string | undefined;
  readonly description?: string | undefined;
  readonly scope?: readonly string[] | undefined;
}

// RFC 9110 §5.6.4 quoted-string: escape the two characters that would end or break it.
const quote = (value: string) => `"${value.replace(/[\\"]/g, '\\$&')}"`;

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
