/**
 * The token endpoints for a framework that hands over a fetch `Request` and answers with a
 * `Response` (Hono on every runtime, Next.js route handlers, `Bun.serve`, `Deno.serve`): the
 * request read with Web APIs only, its body capped as it is read.
 */
import { readCappedBody } from '@jwt-guard/core/adapter';
import type { TokenIssuer } from '../token-issuer.js';
import { serveTokenEndpoints, toWebResponse } from './serve.js';
import type { TokenEndpointsOptions } from './types.js';

/** How a fetch-style framework lends its request to the token endpoints. */
export interface FetchEndpointReading<RawRequest> {
  /** The fetch `Request` behind the framework's request (Hono: `c.req.raw`). */
  request(raw: RawRequest): Request;
  /** The path only, as the framework's router matches it. Default: the URL's pathname. */
  path?(raw: RawRequest): string;
  /**
   * The body an earlier middleware already read, where the framework keeps a copy (Hono:
   * `c.req.arrayBuffer()`); asked only when the `Request`'s own body is used.
   */
  readBody?(raw: RawRequest): Promise<ArrayBuffer>;
}

/** `tokenEndpoints`, as every fetch-style adapter exports it. */
export interface FetchTokenEndpoints<RawRequest, App> {
  /**
   * The token endpoints (login, refresh, revocation, logout, RFC 8414 metadata and the JWKS)
   * as the framework's app; every other request goes on to the application. Paths are matched
   * in full, so a prefix is the `basePath` option, not the mount path. It reads its own body,
   * so the app needs no body parser for it. Options are checked now: a `TypeError` names the
   * bad one.
   *
   * @example
   * ```ts
   * const tokens = createTokenIssuer({ issuer, audience, keys: { encryptionSecret } });
   * app.route('/', tokenEndpoints(tokens, { authenticate: ({ body }) => checkPassword(body), cookie: true }));
   * app.use('/api/*', jwtAuth({ issuer, audience, isRevoked: tokens.isRevoked }));
   * ```
   */
  tokenEndpoints(tokens: TokenIssuer, options: TokenEndpointsOptions<RawRequest>): App;
}

async function readBody<RawRequest>(
  raw: RawRequest,
  reading: FetchEndpointReading<RawRequest>,
  limitBytes: number,
  tooLarge: () => Error,
): Promise<Uint8Array> {
  const request = reading.request(raw);
  if (!request.bodyUsed || reading.readBody === undefined) {
    return readCappedBody(request, limitBytes, tooLarge);
  }
  // What the earlier middleware read is already in memory: only its size is checked.
  const body = new Uint8Array(await reading.readBody(raw));
  if (body.length > limitBytes) throw tooLarge();
  return body;
}

/**
 * The token endpoints of `tokens` over a fetch-style framework's requests (options as
 * `createTokenEndpoints`, checked now: a `TypeError` names the bad one): a `Response` for a
 * request to one of them, or `undefined` at once for any other path.
 *
 * @example
 * ```ts
 * const serve = serveFetchTokenEndpoints<Context>(tokens, options, { request: (c) => c.req.raw });
 * app.use((c, next) => serve(c) ?? next());
 * ```
 */
export function serveFetchTokenEndpoints<RawRequest>(
  tokens: TokenIssuer,
  options: TokenEndpointsOptions<RawRequest>,
  reading: FetchEndpointReading<RawRequest>,
): (raw: RawRequest) => Promise<Response> | undefined {
  const serve = serveTokenEndpoints<RawRequest>(tokens, options, {
    path: (raw) => reading.path?.(raw) ?? new URL(reading.request(raw).url).pathname,
    read: (raw, tooLarge) => {
      const { method, headers } = reading.request(raw);
      return { method, headers, readBody: (limit) => readBody(raw, reading, limit, tooLarge) };
    },
  });
  return (raw) => serve(raw)?.then(toWebResponse);
}

/**
 * Builds an adapter's `tokenEndpoints` (see {@link FetchTokenEndpoints}) from its reading and
 * its `app`: the framework's app that answers with `serve` and goes on where it returns
 * `undefined`.
 *
 * @example
 * ```ts
 * export const { tokenEndpoints } = liftFetchTokenEndpoints<Context, Hono>({ request: (c) => c.req.raw }, (serve) => new Hono().use((c, next) => serve(c) ?? next()));
 * ```
 */
export function liftFetchTokenEndpoints<RawRequest, App>(
  reading: FetchEndpointReading<RawRequest>,
  app: (serve: (raw: RawRequest) => Promise<Response> | undefined) => App,
): FetchTokenEndpoints<RawRequest, App> {
  return {
    tokenEndpoints: (tokens, options) => app(serveFetchTokenEndpoints(tokens, options, reading)),
  };
}
