/**
 * The answers of the token endpoints: RFC 6749 §5.1 token bodies and §5.2 error bodies,
 * every one with `Cache-Control: no-store` and `Pragma: no-cache` (RFC 6749 §5.1).
 */
import type { IssuedTokens } from '../refresh-rotation.js';
import type { EndpointResponse } from './types.js';

type Header = readonly [name: string, value: string];

// RFC 6749 §5.1: responses holding tokens, or about them, are never cached.
const NO_STORE: readonly Header[] = [
  ['Cache-Control', 'no-store'],
  ['Pragma', 'no-cache'],
];

/** The RFC 6749 §5.2 (and RFC 9449 §5, §8) `error` codes the endpoints answer with. */
export type EndpointErrorCode =
  | 'invalid_request'
  | 'invalid_grant'
  | 'invalid_scope'
  | 'unsupported_grant_type'
  | 'invalid_dpop_proof'
  | 'use_dpop_nonce'
  | 'server_error'
  | 'temporarily_unavailable';

/**
 * A JSON answer that is never cached.
 *
 * @example
 * ```ts
 * jsonResponse(200, { keys: [] });
 * ```
 */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: readonly Header[] = [],
): EndpointResponse {
  return {
    status,
    headers: [...NO_STORE, ['Content-Type', 'application/json'], ...headers],
    body: JSON.stringify(body),
  };
}

/**
 * An RFC 6749 §5.2 error. The description is a fixed sentence of ours: never a token, a
 * claim value or anything else the client sent.
 *
 * @example
 * ```ts
 * errorResponse(400, 'unsupported_grant_type');
 * ```
 */
export function errorResponse(
  status: number,
  error: EndpointErrorCode,
  description?: string,
  headers: readonly Header[] = [],
): EndpointResponse {
  const body = description === undefined ? { error } : { error, error_description: description };
  return jsonResponse(status, body, headers);
}

/** 204 with no body (logout), with `headers` such as a cleared cookie. */
export function emptyResponse(status: number, headers: readonly Header[] = []): EndpointResponse {
  return { status, headers: [...NO_STORE, ...headers], body: '' };
}

/**
 * The RFC 6749 §5.1 success body. `refresh_token` is in it only when `withRefreshToken`:
 * in browser mode the refresh token travels in the cookie alone.
 *
 * @example
 * ```ts
 * tokenResponse(issued, !resolved.cookie, cookieHeaders);
 * ```
 */
export function tokenResponse(
  issued: IssuedTokens,
  withRefreshToken: boolean,
  headers: readonly Header[] = [],
): EndpointResponse {
  return jsonResponse(
    200,
    {
      access_token: issued.accessToken,
      token_type: issued.tokenType,
      expires_in: issued.expiresIn,
      // RFC 6749 §5.1: the granted scope; a session granted none has none to name.
      ...(issued.scope === '' ? {} : { scope: issued.scope }),
      ...(withRefreshToken ? { refresh_token: issued.refreshToken } : {}),
    },
    headers,
  );
}

/** 405 for a known path asked with another method (RFC 9110 §15.5.6). */
export function methodNotAllowed(allow: string): EndpointResponse {
  return errorResponse(405, 'invalid_request', 'method not allowed', [['Allow', allow]]);
}

/** 500 for a failure of the app's own code, not the client's: nothing echoed. */
export const serverError = (): EndpointResponse => errorResponse(500, 'server_error');

/**
 * 503 `temporarily_unavailable` with `Retry-After` while the store cannot be reached: the
 * client's credentials may be fine, so it must retry, not log the user out (the code is
 * RFC 6749 §4.1.2.1's, the status RFC 9110 §15.6.4's, as the verifier's 503 for keys).
 */
export const storeUnavailable = (): EndpointResponse =>
  errorResponse(503, 'temporarily_unavailable', undefined, [['Retry-After', '5']]);

/**
 * Thrown inside an endpoint to answer at once with `response`; caught by the router.
 *
 * @example
 * ```ts
 * throw new EndpointRefusal(errorResponse(400, 'invalid_request'));
 * ```
 */
export class EndpointRefusal extends Error {
  /** The answer to write. */
  readonly response: EndpointResponse;

  constructor(response: EndpointResponse) {
    super('jwt-guard: the token endpoint refused the request');
    this.name = 'EndpointRefusal';
    this.response = response;
  }
}

/** Throws a 400 `error` (RFC 6749 §5.2) with a fixed description. */
export function refuse(error: EndpointErrorCode, description?: string, status = 400): never {
  throw new EndpointRefusal(errorResponse(status, error, description));
}
