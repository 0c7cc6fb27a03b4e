/**
 * The token endpoints on a Node framework (Express, Koa, and later Fastify or NestJS): the
 * request is read from Node's `IncomingMessage`, the answer written back to the framework's
 * response, so an adapter only says where these are.
 */
import { readNodeEndpointRequest } from '@jwt-guard/core/adapter';
import type { TokenIssuer } from '../token-issuer.js';
import { serveTokenEndpoints } from './serve.js';
import type { EndpointResponse, TokenEndpointsOptions } from './types.js';

/** How a Node framework reads a request for the token endpoints, and mounts them. */
export interface NodeEndpointLifting<RawRequest, Middleware> {
  /** Node's `IncomingMessage` of `raw`: its method, raw headers and body stream. */
  incoming(raw: RawRequest): Parameters<typeof readNodeEndpointRequest>[0] & {
    readonly method?: string | undefined;
  };
  /** The path only (no query string), as the router of the mount saw it. */
  path(raw: RawRequest): string;
  /** What an earlier body parser read (`req.body`), asked only when it has spent the stream. */
  parsedBody(raw: RawRequest): unknown;
  /**
   * The framework's middleware over `serve`: it answers when `serve` returns a promise (a
   * rejection is the framework's error), and goes on when it returns `undefined`.
   */
  middleware(serve: NodeEndpointServer<RawRequest>): Middleware;
}

/**
 * Where an answer is written, in this order: the status, each header, the body. Express's
 * `res` is one as it is; another framework wraps its response in these three calls.
 */
export interface EndpointWriter {
  /** The answer's status code. */
  status(code: number): unknown;
  /** Adds a header line, keeping the earlier ones of the same name (several `Set-Cookie`). */
  append(name: string, value: string): unknown;
  /** The body (empty when there is none), which ends the answer. */
  end(body: string): unknown;
}

/**
 * Answers a request to one of the endpoints on `response` (the promise rejects only when the
 * writing throws), or returns `undefined` at once for any other path: the app's own
 * requests go on in the same tick.
 */
export type NodeEndpointServer<RawRequest> = (
  raw: RawRequest,
  response: EndpointWriter,
) => Promise<void> | undefined;

/** The `tokenEndpoints` a Node adapter exports, documented once here. */
export interface NodeTokenEndpoints<RawRequest, Middleware> {
  /**
   * The token endpoints (login, refresh, revocation, logout, RFC 8414 metadata and the JWKS)
   * as the framework's middleware; every other request goes on to the app. It reads its own
   * body, so the app needs no body parser for it; a body an earlier parser already read
   * (Express's `req.body`, Koa's `ctx.request.body`) is taken from there. Options are
   * checked now: a `TypeError` names the bad one. Headers go out as given, never through a
   * cookie library: several `Set-Cookie` lines stay several, and a `Secure` cookie is sent
   * on plain-http `localhost` too.
   *
   * @example
   * ```ts
   * const tokens = createTokenIssuer({ issuer, audience, keys: { encryptionSecret } });
   * app.use(tokenEndpoints(tokens, { authenticate: ({ body }) => checkPassword(body), cookie: true }));
   * app.use(jwtAuth({ issuer, audience, isRevoked: tokens.isRevoked }));
   * ```
   */
  tokenEndpoints(tokens: TokenIssuer, options: TokenEndpointsOptions<RawRequest>): Middleware;
}

/**
 * A Node adapter's `tokenEndpoints` from its lifting: reading the request from Node's
 * `IncomingMessage` and writing the answer are done here once.
 *
 * @example
 * ```ts
 * export const { tokenEndpoints } = liftNodeTokenEndpoints<Request, Router>({ incoming: (req) => req, path: (req) => req.path, parsedBody: (req) => req.body, middleware });
 * ```
 */
export function liftNodeTokenEndpoints<RawRequest, Middleware>(
  lifting: NodeEndpointLifting<RawRequest, Middleware>,
): NodeTokenEndpoints<RawRequest, Middleware> {
  return {
    tokenEndpoints: (tokens, options) => {
      const serve = serveTokenEndpoints<RawRequest>(tokens, options, {
        path: lifting.path,
        read: (raw, tooLarge) => {
          const incoming = lifting.incoming(raw);
          const parsed = () => lifting.parsedBody(raw);
          return {
            method: incoming.method ?? '',
            ...readNodeEndpointRequest(incoming, parsed, tooLarge),
          };
        },
      });
      return lifting.middleware((raw, response) =>
        serve(raw)?.then((answer) => write(response, answer)),
      );
    },
  };
}

function write(response: EndpointWriter, answer: EndpointResponse): void {
  response.status(answer.status);
  for (const [name, value] of answer.headers) response.append(name, value);
  response.end(answer.body);
}
