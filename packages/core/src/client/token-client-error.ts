/**
 * The one error a token client rejects with. It is not a {@link JwtGuardError}: that class
 * answers an incoming request (status, challenge), while this one reports an outgoing call
 * that could not get a token, so it carries no HTTP answer of its own.
 */

/** Why no token could be had; each code has a fixed message. */
export type TokenClientErrorCode =
  | 'ERR_ISSUER_METADATA'
  | 'ERR_ISSUER_UNAVAILABLE'
  | 'ERR_TOKEN_REQUEST_REJECTED'
  | 'ERR_TOKEN_RESPONSE_INVALID'
  | 'ERR_CLIENT_ASSERTION';

const MESSAGES: { readonly [code in TokenClientErrorCode]: string } = {
  ERR_ISSUER_METADATA: 'The issuer metadata names no usable token endpoint',
  ERR_ISSUER_UNAVAILABLE: 'The issuer or its token endpoint is unavailable',
  ERR_TOKEN_REQUEST_REJECTED: 'The token endpoint refused the request',
  ERR_TOKEN_RESPONSE_INVALID: 'The token endpoint answered with an unusable response',
  ERR_CLIENT_ASSERTION: 'The client assertion could not be signed',
};

/** Details of a {@link TokenClientError}. */
export interface TokenClientErrorOptions {
  readonly cause?: unknown;
  /** HTTP status of the token endpoint's answer, when there was one. */
  readonly responseStatus?: number | undefined;
  /** The OAuth `error` code the endpoint answered (RFC 6749 §5.2), when it sent a valid one. */
  readonly oauthError?: string | undefined;
}

/**
 * A token could not be obtained. Match on `code`; the message is fixed per code and never
 * contains a secret, a token or text the endpoint sent (its `error_description` is dropped,
 * its `error` kept only when it has the RFC 6749 syntax).
 *
 * @example
 * ```ts
 * try {
 *   await client.getToken();
 * } catch (error) {
 *   if (error instanceof TokenClientError && error.code === 'ERR_ISSUER_UNAVAILABLE') {
 *     // the issuer is down and the last token has expired: fail this call, try later
 *   }
 * }
 * ```
 */
export class TokenClientError extends Error {
  readonly code: TokenClientErrorCode;
  /** HTTP status of the token endpoint's answer, if any. Not `status`: this is not an answer to send. */
  readonly responseStatus: number | undefined;
  /** The endpoint's OAuth `error` code, e.g. `invalid_client`, `invalid_target`. */
  readonly oauthError: string | undefined;

  constructor(code: TokenClientErrorCode, options: TokenClientErrorOptions = {}) {
    super(MESSAGES[code], options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.responseStatus = options.responseStatus;
    this.oauthError = options.oauthError;
  }

  /** Worth another attempt: the endpoint was unreachable, slow, or answered 5xx or 429. */
  get retryable(): boolean {
    return this.code === 'ERR_ISSUER_UNAVAILABLE';
  }
}
