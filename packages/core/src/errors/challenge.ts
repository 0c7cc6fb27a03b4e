/**
 * Builds `WWW-Authenticate` challenges: Bearer (RFC 6750 §3) and DPoP (RFC 9449 §7.1), with
 * the parameters of step-up (RFC 9470 §3) and of protected-resource metadata (RFC 9728 §5.1).
 */

/** What goes into one challenge. */
export interface ChallengeParams {
  readonly realm: string;
  readonly error?: string | undefined;
  readonly description?: string | undefined;
  readonly scope?: readonly string[] | undefined;
  /** RFC 9470: the authentication context classes that would do. */
  readonly acrValues?: readonly string[] | undefined;
  /** RFC 9470: the largest acceptable age of the user's authentication, in seconds. */
  readonly maxAge?: number | undefined;
  /** RFC 9728: where the protected resource's metadata is. */
  readonly resourceMetadata?: string | undefined;
  /** RFC 9449: the proof algorithms accepted (DPoP challenges only). */
  readonly algs?: readonly string[] | undefined;
}

// RFC 9110 §5.6.4 quoted-string: escape the two characters that would end or break it.
// Values are printable ASCII by then: realms, scope names and URLs are checked at creation.
const quote = (value: string) => `"${value.replace(/[\\"]/g, '\\$&')}"`;

// RFC 9110 §5.6.4 qdtext plus the escapable pair: what may stand between the quotes
// of a header value without breaking it. We accept less: printable ASCII without `"` and
// `\`, so no value ever needs escaping and nothing outside ASCII reaches a header.
const HEADER_SAFE = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * Whether a value may be written between the quotes of a challenge parameter as it is.
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
 * Formats one challenge of `scheme`: `realm`, then the error and its description, then what
 * would satisfy the resource (scope, step-up), then where its metadata is.
 *
 * @example
 * ```ts
 * formatChallenge('Bearer', { realm: 'api', error: 'invalid_token', description: 'expired' });
 * // 'Bearer realm="api", error="invalid_token", error_description="expired"'
 * ```
 */
export function formatChallenge(scheme: 'Bearer' | 'DPoP', params: ChallengeParams): string {
  const parts = [`realm=${quote(params.realm)}`];
  if (params.algs?.length) parts.push(`algs=${quote(params.algs.join(' '))}`);
  if (params.error) parts.push(`error=${quote(params.error)}`);
  if (params.error && params.description) {
    parts.push(`error_description=${quote(params.description)}`);
  }
  if (params.scope?.length) parts.push(`scope=${quote(params.scope.join(' '))}`);
  if (params.acrValues?.length) parts.push(`acr_values=${quote(params.acrValues.join(' '))}`);
  if (params.maxAge !== undefined) parts.push(`max_age=${quote(String(params.maxAge))}`);
  if (params.resourceMetadata) parts.push(`resource_metadata=${quote(params.resourceMetadata)}`);
  return `${scheme} ${parts.join(', ')}`;
}

/**
 * The Bearer challenge of RFC 6750 §3.
 *
 * @example
 * ```ts
 * formatBearerChallenge({ realm: 'api' }); // 'Bearer realm="api"'
 * ```
 */
export function formatBearerChallenge(params: ChallengeParams): string {
  return formatChallenge('Bearer', params);
}
