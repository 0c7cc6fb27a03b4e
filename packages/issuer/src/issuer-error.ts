/**
 * The typed errors `issue()` and `refresh()` raise for bad input. Messages never hold a
 * claim value or a token.
 */

/** The stable codes of {@link IssuerError}. */
export type IssuerErrorCode =
  | 'ERR_CLAIM_RESERVED'
  | 'ERR_ISSUE_INPUT_INVALID'
  | 'ERR_REFRESH_TOKEN_INVALID'
  | 'ERR_REFRESH_TOKEN_REUSED'
  | 'ERR_REFRESH_DPOP_MISMATCH'
  | 'ERR_REFRESH_CONFLICT'
  | 'ERR_SCOPE_WIDENED'
  | 'ERR_BODY_TOO_LARGE';

const MESSAGES: Readonly<Record<IssuerErrorCode, string>> = {
  ERR_CLAIM_RESERVED: 'a custom claim names a registered claim the issuer sets itself',
  ERR_ISSUE_INPUT_INVALID: 'an issue() input field is missing or malformed',
  ERR_REFRESH_TOKEN_INVALID: 'the refresh token is unknown, expired or revoked',
  ERR_REFRESH_TOKEN_REUSED: 'a rotated refresh token was used again; its family is revoked',
  ERR_REFRESH_DPOP_MISMATCH: 'the refresh token is bound to another DPoP key',
  ERR_REFRESH_CONFLICT: 'the refresh token family kept changing; try again',
  ERR_SCOPE_WIDENED: 'the requested scope is not within the granted scope',
  ERR_BODY_TOO_LARGE: 'the request body is larger than the token endpoints accept',
};

/** The RFC 6749 §5.2 `error` each code answers with at a token endpoint. */
export const OAUTH_ERRORS: Readonly<
  Record<IssuerErrorCode, 'invalid_request' | 'invalid_grant' | 'invalid_scope'>
> = {
  ERR_CLAIM_RESERVED: 'invalid_request',
  ERR_ISSUE_INPUT_INVALID: 'invalid_request',
  ERR_REFRESH_TOKEN_INVALID: 'invalid_grant',
  ERR_REFRESH_TOKEN_REUSED: 'invalid_grant',
  ERR_REFRESH_DPOP_MISMATCH: 'invalid_grant',
  ERR_REFRESH_CONFLICT: 'invalid_grant',
  ERR_SCOPE_WIDENED: 'invalid_scope',
  // An adapter's body reader raises it; the endpoints answer 413 (RFC 9110 §15.5.14).
  ERR_BODY_TOO_LARGE: 'invalid_request',
};

/**
 * Raised by `issue()` for input the issuer refuses. Match on `code`; `field` names the claim
 * or input field (its name, never its value).
 *
 * @example
 * ```ts
 * try { await tokens.issue({ sub, claims: { iss: 'x' } }); }
 * catch (error) { if (error instanceof IssuerError) console.log(error.code, error.field); }
 * ```
 */
export class IssuerError extends Error {
  /** The stable code of this failure. */
  readonly code: IssuerErrorCode;
  /** The claim or input field that was refused. */
  readonly field: string;
  /** The RFC 6749 §5.2 error code for a token endpoint's answer. */
  readonly oauthError: 'invalid_request' | 'invalid_grant' | 'invalid_scope';

  constructor(code: IssuerErrorCode, field: string) {
    super(`jwt-guard: ${MESSAGES[code]} ("${field}")`);
    this.name = new.target.name;
    this.code = code;
    this.field = field;
    this.oauthError = OAUTH_ERRORS[code];
  }
}
