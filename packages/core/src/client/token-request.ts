/**
 * One POST to the token endpoint (RFC 6749 §3.2) and its answer read as an access token
 * response (§5.1) or an error response (§5.2), within the same limits as metadata fetches.
 */
import { decodeJwt } from 'jose';
import { fetchJson } from '../keys/fetch-json.js';
import type { ClientCredentials } from './client-authentication.js';
import type { DpopProver } from './dpop-prover.js';
import { TokenClientError } from './token-client-error.js';

/** An access token and, when known, when it expires (ms since the epoch). */
export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresAt: number | undefined;
}

/** The endpoint, grant parameters, client credentials, and limits of one request. */
export interface TokenRequest {
  readonly endpoint: string;
  readonly params: Readonly<Record<string, string>>;
  readonly credentials: ClientCredentials;
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
  readonly now: () => number;
  /**
   * With a prover, the request carries a DPoP proof (RFC 9449 §5) and the token must come
   * back as `token_type: DPoP`; a nonce the endpoint hands out is remembered for the next.
   */
  readonly dpop?: DpopProver | undefined;
}

// Token responses are small; a large one is refused rather than buffered.
const MAX_RESPONSE_BYTES = 64 * 1024;
// RFC 6749 §5.2: error = 1*( %x20-21 / %x23-5B / %x5D-7E )
const ERROR_CODE = /^[\x20\x21\x23-\x5b\x5d-\x7e]{1,64}$/;

/**
 * Sends the request and returns the issued token. Rejects with a {@link TokenClientError}:
 * `ERR_ISSUER_UNAVAILABLE` (network, timeout, 5xx, 429), `ERR_TOKEN_REQUEST_REJECTED`
 * (an OAuth error answer, e.g. `invalid_client`), `ERR_TOKEN_RESPONSE_INVALID`.
 *
 * @example
 * ```ts
 * const { accessToken, expiresAt } = await requestToken({ endpoint, params, credentials, fetch, timeoutMs: 5000, now: Date.now });
 * ```
 */
export async function requestToken(request: TokenRequest): Promise<IssuedToken> {
  let status = 0;
  // fetchJson reads only a 200; an OAuth error answer (400/401 with a JSON body, RFC 6749
  // §5.2) is handed to it as one too, so its body is read under the same cap and timeout.
  const { dpop } = request;
  const post: typeof fetch = async (url, init) => {
    const headers: Record<string, string> = {
      ...request.credentials.headers,
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
    };
    // No `ath`: there is no access token yet (RFC 9449 §5).
    if (dpop) headers.dpop = await dpop.proof('POST', request.endpoint);
    const response = await request.fetch(url, {
      ...init,
      method: 'POST',
      headers,
      body: new URLSearchParams({ ...request.params, ...request.credentials.params }),
    });
    dpop?.learnNonce(request.endpoint, response);
    status = response.status;
    if (status !== 400 && status !== 401) return response;
    return new Response(response.body, { status: 200, headers: response.headers });
  };
  const sentAt = request.now();
  let json: unknown;
  try {
    const result = await fetchJson(request.endpoint, {
      fetch: post,
      timeoutMs: request.timeoutMs,
      maxBytes: MAX_RESPONSE_BYTES,
    });
    json = result.notModified ? undefined : result.json;
  } catch (cause) {
    // A 4xx other than 400/401 (or a redirect) will not pass by retrying.
    const retry = status === 0 || status === 429 || status >= 500;
    const rejected = status === 400 || status === 401;
    const code = retry
      ? 'ERR_ISSUER_UNAVAILABLE'
      : rejected
        ? 'ERR_TOKEN_REQUEST_REJECTED'
        : 'ERR_TOKEN_RESPONSE_INVALID';
    throw new TokenClientError(code, { cause, responseStatus: status || undefined });
  }
  const body = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  if (status === 400 || status === 401) {
    const code =
      typeof body.error === 'string' && ERROR_CODE.test(body.error) ? body.error : undefined;
    throw new TokenClientError('ERR_TOKEN_REQUEST_REJECTED', {
      responseStatus: status,
      oauthError: code,
    });
  }
  return readTokenResponse(body, sentAt, dpop ? 'dpop' : 'bearer');
}

function readTokenResponse(
  body: Record<string, unknown>,
  sentAt: number,
  expectedType: 'bearer' | 'dpop',
): IssuedToken {
  const invalid = (why: string) =>
    new TokenClientError('ERR_TOKEN_RESPONSE_INVALID', {
      cause: new Error(why),
      responseStatus: 200,
    });
  const { access_token: accessToken, token_type: tokenType, expires_in: expiresIn } = body;
  if (typeof accessToken !== 'string' || accessToken === '') throw invalid('no access_token');
  // RFC 6749 §7.1: only a bearer token can be sent as one; a DPoP-bound token would fail.
  // With DPoP, a Bearer answer means the server ignored the proof (RFC 9449 §5): such a
  // token is not sender-constrained, and is refused rather than sent unbound.
  if (typeof tokenType !== 'string' || tokenType.toLowerCase() !== expectedType)
    throw invalid(`token_type is not ${expectedType === 'dpop' ? 'DPoP' : 'Bearer'}`);
  if (typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0) {
    // Counted from when the request was sent, so transit time is on the safe side.
    return { accessToken, expiresAt: sentAt + expiresIn * 1000 };
  }
  if (expiresIn !== undefined) throw invalid('expires_in is not a positive number');
  return { accessToken, expiresAt: expiryOfJwt(accessToken) };
}

// expires_in is only RECOMMENDED (RFC 6749 §5.1); a JWT access token still says when it ends.
function expiryOfJwt(token: string): number | undefined {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
