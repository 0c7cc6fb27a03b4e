/**
 * The one table that maps every error code to its HTTP status, its RFC 6750 §3.1 `error`
 * and a fixed description. A new code without a row does not compile.
 */

/** How a failure is answered: the status, the RFC 6750 `error` (none for a bare challenge or a 503) and a fixed text. */
export interface ErrorCodeRow {
  readonly status: 400 | 401 | 403 | 503;
  readonly oauthError:
    | 'invalid_request'
    | 'invalid_token'
    | 'insufficient_scope'
    | 'insufficient_user_authentication'
    | 'invalid_dpop_proof'
    | 'use_dpop_nonce'
    | undefined;
  readonly description: string;
}

/**
 * Every stable error code. Codes are public API: match on `error.code`, never on messages.
 *
 * @example
 * ```ts
 * if (error instanceof JwtGuardError && error.code === 'ERR_TOKEN_EXPIRED') refreshAndRetry();
 * ```
 */
export const ERROR_CODES = {
  ERR_NO_TOKEN: {
    status: 401,
    oauthError: undefined,
    description: 'Authentication is required',
  },
  ERR_MALFORMED_AUTHORIZATION: {
    status: 400,
    oauthError: 'invalid_request',
    description: 'The Authorization header is malformed',
  },
  ERR_MULTIPLE_TOKENS: {
    status: 400,
    oauthError: 'invalid_request',
    description: 'More than one access token was presented',
  },
  ERR_TOKEN_TOO_LARGE: {
    status: 401,
    oauthError: 'invalid_token',
    description: 'The access token is too large',
  },
  ERR_TOKEN_MALFORMED: {
    status: 401,
    oauthError: 'invalid_token',
    description: 'The access token is malformed',
  },
  ERR_HEADER_INVALID: {
    status: 401,
    oauthError: 'invalid_token',
    description: 'The access token header is not acceptable',
  },
  ERR_ALGORITHM_NOT_ALLOWED: {
    status: 401,
    oauthError: 'invalid_token',
    description: 'The access token algorithm is not allowed',
  },
  ERR_TYPE_NOT_ALLOWED: {
    status: 401,
    oauthError: 'invalid_token',
    description: 'The access token type is not allowed',
  },
  ERR_NOT_ACCESS_TOKEN: {
    status: 401,
    oauthError: 'invalid_token',
    description: 'The token is not an RFC 9068 access token (an ID token?)',
  },
  ERR_DECRYPTION_FAILED: {
    status: 401,
    oauthError: 'invalid_token',
    description: 'The token could not be decrypted',
  },
  ERR_KEY_NOT_FOUND: {
    status: 401,
    oauthError: 'invalid_token',
    description: 'No signing key matches the access token',
  },
  ERR_SIGNATURE_INVALID: {
    status: 401,
    oauthError: 'invalid_token',
    description: 'The access token signature is invalid',
  },
  ERR_TOKEN_EXPIRED: {
    status: 401,
    oauthError: 'invalid_token',
    description: 'The access token has expired',
  },
  ERR_TOKEN_NOT_YET_VALID: {
    status: 401,
    oauthError: 'invalid_token',
    description: 'The access token is not yet valid',
  },
  ERR_TOKEN_TOO_OLD: {
    status: 401,
    oauthError: 'invalid_token',
    description: 'The access token was issued too long ago',
  },
  ERR_ISSUER_MISMATCH: {
    status: 401,
    oauthError: 'invalid_token',
    description: 'The access token issuer is not accepted',
  },
  ERR_ISSUER_BUDGET_EXCEEDED: {
    status: 401,
    oauthError: 'invalid_token',
    description: 'The access token issuer cannot be admitted now',
  },
  ERR_AUDIENCE_MISMATCH: {
    status: 401,
    oauthError: 'invalid_token',
    description: 'The access token audience is not accepted',
  },
  ERR_CLAIM_INVALID: {
    status: 401,
    oauthError: 'invalid_token',
    description: 'The access token claims are invalid',
  },
  ERR_TOKEN_INACTIVE: {
    status: 401,
    oauthError: 'invalid_token',
    description: 'The access token is not active',
  },
  ERR_TOKEN_REVOKED: {
    status: 401,
    oauthError: 'invalid_token',
    description: 'The access token has been revoked',
  },
  ERR_REQUEST_URL_INVALID: {
    status: 400,
    oauthError: 'invalid_request',
    description: 'The Host header or request target is invalid',
  },
  ERR_DPOP_PROOF_INVALID: {
    status: 401,
    oauthError: 'invalid_dpop_proof',
    description: 'The DPoP proof is invalid',
  },
  ERR_DPOP_NONCE_REQUIRED: {
    status: 401,
    oauthError: 'use_dpop_nonce',
    description: 'A DPoP nonce is required',
  },
  ERR_DPOP_BINDING_MISMATCH: {
    status: 401,
    oauthError: 'invalid_token',
    description: 'The access token is bound to another DPoP key',
  },
  ERR_DPOP_BOUND_AS_BEARER: {
    status: 401,
    oauthError: 'invalid_token',
    description: 'The access token is DPoP-bound and needs the DPoP scheme',
  },
  ERR_CERTIFICATE_MISMATCH: {
    status: 401,
    oauthError: 'invalid_token',
    description: 'The access token is bound to another client certificate',
  },
  ERR_INSUFFICIENT_USER_AUTHENTICATION: {
    status: 401,
    oauthError: 'insufficient_user_authentication',
    description: 'A different authentication level is required',
  },
  ERR_INSUFFICIENT_SCOPE: {
    status: 403,
    oauthError: 'insufficient_scope',
    description: 'The access token lacks a required scope',
  },
  ERR_INSUFFICIENT_ROLE: {
    status: 403,
    oauthError: 'insufficient_scope',
    description: 'The access token lacks a required role',
  },
  ERR_CLAIM_CHECK_FAILED: {
    status: 403,
    oauthError: 'insufficient_scope',
    description: 'The access token does not satisfy a required claim',
  },
  ERR_POLICY_DENIED: {
    status: 403,
    oauthError: 'insufficient_scope',
    description: 'The access token does not satisfy the access policy',
  },
  ERR_REVOCATION_UNAVAILABLE: {
    status: 503,
    oauthError: undefined,
    description: 'The revocation check is unavailable',
  },
  ERR_REPLAY_CHECK_UNAVAILABLE: {
    status: 503,
    oauthError: undefined,
    description: 'The DPoP replay check is unavailable',
  },
  ERR_ISSUER_UNAVAILABLE: {
    status: 503,
    oauthError: undefined,
    description: 'Whether the issuer is trusted cannot be decided now',
  },
  ERR_INTROSPECTION_UNAVAILABLE: {
    status: 503,
    oauthError: undefined,
    description: 'The token introspection endpoint is unavailable',
  },
  ERR_KEYS_UNAVAILABLE: {
    status: 503,
    oauthError: undefined,
    description: 'The signing keys are unavailable',
  },
} as const satisfies Record<string, ErrorCodeRow>;

/** A stable error code, one of the keys of {@link ERROR_CODES}. */
export type ErrorCode = keyof typeof ERROR_CODES;
