/**
 * The token endpoints as every adapter lifts them: the adapter says how its framework reads
 * a request's path, method, headers and body, and writes the answer back; matching the
 * paths, the body cap's error and the fetch `Response` are here once.
 */
import { IssuerError } from '../issuer-error.js';
import type { TokenIssuer } from '../token-issuer.js';
import { createTokenEndpoints } from './token-endpoints.js';
import type { EndpointRequest, EndpointResponse, TokenEndpointsOptions } from './types.js';

/** How an adapter reads its framework's request for the token endpoints. */
export interface EndpointReading<RawRequest> {
  /** The path only (no query string), as the router of the mount saw it. */
  path(raw: RawRequest): string;
  /**
   * The method, headers and body reader of a request to one of the endpoints; the body
   * reader rejects with `tooLarge()` past its limit.
   */
  read(
    raw: RawRequest,
    tooLarge: () => Error,
  ): Pick<EndpointRequest<RawRequest>, 'method' | 'headers' | 'readBody' | 'parsedBody'>;
}

/**
 * Answers a request to one of the endpoints (a promise that never rejects), or returns
 * `undefined` at once for any other path, so the app's own requests cost no promise.
 */
export type EndpointServer<RawRequest> = (raw: RawRequest) => Promise<EndpointResponse> | undefined;

const tooLarge = () => new IssuerError('ERR_BODY_TOO_LARGE', 'body');

/**
 * The token endpoints of `tokens` over an adapter's reading of its requests (options as
 * {@link createTokenEndpoints}, checked now: a `TypeError` names the bad one).
 *
 * @example
 * ```ts
 * const serve = serveTokenEndpoints<Request>(tokens, options, { path: (req) => req.path, read });
 * const answer = serve(req);
 * if (!answer) return next();
 * ```
 */
export function serveTokenEndpoints<RawRequest>(
  tokens: TokenIssuer,
  options: TokenEndpointsOptions<RawRequest>,
  reading: EndpointReading<RawRequest>,
): EndpointServer<RawRequest> {
  const { handle, paths } = createTokenEndpoints<RawRequest>(tokens, options);
  const ours = new Set(Object.values(paths));
  return (raw) => {
    const path = reading.path(raw);
    if (!ours.has(path)) return undefined;
    // The path is one of ours, so `handle` answers it.
    return handle({ path, ...reading.read(raw, tooLarge), raw }) as Promise<EndpointResponse>;
  };
}

/**
 * The answer as a fetch `Response`, for adapters on Web APIs: every header appended one by
 * one (each Set-Cookie line kept), the body as given, none for an empty one.
 *
 * @example
 * ```ts
 * return answer ? toWebResponse(await answer) : next();
 * ```
 */
export function toWebResponse(answer: EndpointResponse): Response {
  const headers = new Headers();
  for (const [name, value] of answer.headers) headers.append(name, value);
  return new Response(answer.body === '' ? null : answer.body, { status: answer.status, headers });
}
