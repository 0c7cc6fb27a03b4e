/**
 * A fetch that sends the client's token as `Authorization: Bearer` (RFC 6750 §2.1) and,
 * when the server refuses it as `invalid_token` (RFC 6750 §3.1), renews it and retries once.
 */
import type { RefreshingToken } from './refreshing-token.js';

// The `error` parameter of a Bearer challenge; quoted or not (RFC 9110 §11.2 auth-param).
const INVALID_TOKEN = /(?:^|[\s,])error\s*=\s*(?:"invalid_token"|invalid_token)(?=$|[\s,])/i;

/**
 * Whether a response refuses its token as invalid: 401 with a Bearer challenge whose
 * `error` is `invalid_token` (a revoked key, a token the server will no longer take).
 *
 * @example
 * ```ts
 * refusesToken(new Response(null, { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } })); // true
 * ```
 */
export function refusesToken(response: Response): boolean {
  if (response.status !== 401) return false;
  const challenge = response.headers.get('www-authenticate') ?? '';
  return /^\s*bearer\b/i.test(challenge) || /,\s*bearer\b/i.test(challenge)
    ? INVALID_TOKEN.test(challenge)
    : false;
}

/**
 * Builds the wrapper. The request is cloned before it is sent, so a retry resends the same
 * body (a streamed body is buffered for it). Across a cross-origin redirect the Fetch
 * standard drops `Authorization`, so the token does not follow the request elsewhere.
 *
 * @example
 * ```ts
 * const authorizedFetch = createAuthorizedFetch(cachedToken, fetch);
 * const response = await authorizedFetch('https://orders.internal/v1/orders');
 * ```
 */
export function createAuthorizedFetch(
  token: RefreshingToken,
  fetchImpl: typeof fetch,
): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  const send = async (request: Request) => {
    const accessToken = await token.get();
    request.headers.set('authorization', `Bearer ${accessToken}`);
    return { response: await fetchImpl(request), accessToken };
  };
  return async (input, init) => {
    const request = new Request(input, init);
    const spare = request.clone();
    const first = await send(request);
    if (!refusesToken(first.response)) return first.response;
    await first.response.body?.cancel().catch(() => undefined);
    // Only the token that was refused is dropped: many calls refused together renew once.
    token.invalidate(first.accessToken);
    return (await send(spare)).response;
  };
}
