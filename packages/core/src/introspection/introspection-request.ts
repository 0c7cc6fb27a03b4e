/**
 * One call to an introspection endpoint (RFC 7662 §2.1): a form POST of the token with
 * the client's credentials, one overall timeout, no redirects, the body read up to a byte
 * cap. Any failure (network, timeout, a status other than 200, an oversized body) rejects
 * with a `FetchJsonError` naming the endpoint, never the token.
 */
import type { ClientCredentials } from '../client/client-authentication.js';
import { FetchJsonError, readCapped } from '../keys/fetch-json.js';

/** The media type of an RFC 9701 JWT introspection response. */
export const JWT_RESPONSE_TYPE = 'application/token-introspection+jwt';

/** Limits and seams of one call. */
export interface IntrospectionCallLimits {
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

/** What the endpoint answered: its media type (lower case, no parameters) and body. */
export interface IntrospectionReply {
  readonly mediaType: string;
  readonly body: string;
}

/**
 * Posts `token` to `endpoint`. The `Accept` header asks for a signed answer (RFC 9701 §4)
 * where the provider can give one, and JSON otherwise.
 *
 * @example
 * ```ts
 * const reply = await callIntrospection(endpoint, token, await authenticate(endpoint), limits);
 * ```
 */
export async function callIntrospection(
  endpoint: string,
  token: string,
  credentials: ClientCredentials,
  limits: IntrospectionCallLimits,
): Promise<IntrospectionReply> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  const body = new URLSearchParams({
    token,
    token_type_hint: 'access_token',
    ...credentials.params,
  });
  let response: Response;
  try {
    response = await limits.fetch(endpoint, {
      method: 'POST',
      headers: {
        ...credentials.headers,
        'content-type': 'application/x-www-form-urlencoded',
        accept: `${JWT_RESPONSE_TYPE}, application/json;q=0.9`,
      },
      body,
      signal,
      redirect: 'manual',
    });
  } catch (cause) {
    throw new FetchJsonError(endpoint, signal.aborted ? 'timed out' : 'request failed', { cause });
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined);
    throw new FetchJsonError(endpoint, `unexpected status ${response.status}`, {
      status: response.status,
    });
  }
  const mediaType = (response.headers.get('content-type') ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  return { mediaType, body: await readCapped(endpoint, response, limits.maxBytes, signal) };
}
