/**
 * How a refusal is answered over HTTP: the headers an error calls for, made where the
 * response is made. Deep code throws errors that carry only a code and what the answer
 * needs (missing scopes, retry-after); the realm and the `WWW-Authenticate` challenge are
 * settings of the boundary (the authenticator, the guard middlewares) and are added here.
 */
import { DEFAULT_REALM, DEFAULT_RETRY_AFTER } from '../defaults.js';
import { formatBearerChallenge } from './challenge.js';
import { ERROR_CODES, type ErrorCode } from './codes.js';

/** The boundary's settings that shape every challenge it writes. */
export interface ChallengeSettings {
  /** The realm of the challenge (RFC 6750 §3). */
  readonly realm: string;
}

/** The settings used until a boundary sets its own. */
export const DEFAULT_CHALLENGE: ChallengeSettings = Object.freeze({ realm: DEFAULT_REALM });

/** What an error carries into its answer besides the code. */
export interface AnswerDetails {
  readonly code: ErrorCode;
  readonly scope: readonly string[] | undefined;
  readonly retryAfter: number | undefined;
}

/**
 * The response headers for a refusal: a Bearer challenge (RFC 6750 §3) for 400, 401 and
 * 403; `Retry-After` and no challenge for a 503 (the failure is ours, not the client's).
 *
 * @example
 * ```ts
 * responseHeaders({ code: 'ERR_TOKEN_EXPIRED', scope: undefined, retryAfter: undefined }, { realm: 'api' });
 * // { 'WWW-Authenticate': 'Bearer realm="api", error="invalid_token", error_description="The access token has expired"' }
 * ```
 */
export function responseHeaders(
  details: AnswerDetails,
  settings: ChallengeSettings,
): Record<string, string> {
  const row = ERROR_CODES[details.code];
  if (row.status === 503) {
    return { 'Retry-After': String(details.retryAfter ?? DEFAULT_RETRY_AFTER) };
  }
  return {
    'WWW-Authenticate': formatBearerChallenge({
      realm: settings.realm,
      error: row.oauthError,
      description: row.description,
      scope: details.code === 'ERR_INSUFFICIENT_SCOPE' ? details.scope : undefined,
    }),
  };
}
