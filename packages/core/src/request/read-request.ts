/**
 * The one Node request reader: every adapter on Node's `http` server (Express, Koa, Hono on
 * `@hono/node-server`, and the ones to come) reads its token sources here, from the
 * `IncomingMessage` behind its request, and says only what its framework knows better: the
 * parsed body, and how the request was addressed.
 */
import type { WantedSources } from '../authenticator-plan.js';
import { withBindingSources, withFormBody } from '../read-sources.js';
import type { RequestAddress } from '../request-context.js';
import type { TokenSources } from '../token/extract-token.js';
import { authorizationFromRawHeaders, headerValuesFromRawHeaders } from '../token/raw-headers.js';

/** The part of Node's `IncomingMessage` the reader uses: read structurally, no `node:` import. */
export interface NodeIncoming {
  /** Every header as received, name and value in turn: a repeated field stays visible. */
  readonly rawHeaders: readonly string[];
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The request target (`/path?query`), as the framework may have rewritten it. */
  readonly url?: string | undefined;
  readonly method?: string | undefined;
  /** The connection: a TLS socket carries the client certificate (RFC 8705 §2). */
  readonly socket?: unknown;
}

/**
 * What an adapter tells the reader about its framework's request: where the
 * `IncomingMessage` is, and what the framework knows better than the message itself.
 */
export interface NodeRequestLifting<Request> {
  /** The `IncomingMessage` behind the framework's request (Express: the request itself). */
  readonly incoming: (request: Request) => NodeIncoming;
  /**
   * The body a parser made, read only when a form token is allowed and the `Content-Type`
   * is form-urlencoded (RFC 6750 §2.2). A promise where parsing is async. Without it, no
   * form token is read.
   */
  readonly body?: ((request: Request) => unknown) | undefined;
  /**
   * How the request was addressed, raw, as the framework decided it (a trusted proxy's
   * `X-Forwarded-*` honoured where the app turned that on); read only when DPoP is on. Core
   * validates the Host and builds the URL. Default: the message's own `Host`, its target,
   * and `https` on a TLS socket.
   */
  readonly address?: ((request: Request) => RequestAddress) | undefined;
}

/**
 * The token sources of a request on Node, reading only what `wanted` asks for: every
 * `Authorization` field from the raw headers (a repeated one is refused as two
 * credentials, RFC 6750 §2), the target's query, the cookie, the form body; with DPoP, the
 * method, the address and every `DPoP` field (RFC 9449 §4.3); with certificate binding, the
 * client certificate (from the trusted header alone when one is configured, else the TLS
 * socket).
 *
 * @example
 * ```ts
 * const express: NodeRequestLifting<Request> = { incoming: (req) => req, body: (req) => req.body };
 * const plan = prepareAuthenticator<Request>(options, (req, wanted) => readNodeRequest(req, wanted, express));
 * ```
 */
export function readNodeRequest<Request>(
  request: Request,
  wanted: WantedSources,
  lifting: NodeRequestLifting<Request>,
): TokenSources | Promise<TokenSources> {
  const incoming = lifting.incoming(request);
  const headers = incoming.headers;
  let sources: TokenSources = {
    authorization: authorizationFromRawHeaders(incoming.rawHeaders),
    query: incoming.url,
    cookie: wanted.cookie ? (headers.cookie as string | undefined) : undefined,
  };
  if (wanted.dpop || wanted.certificate) {
    sources = withBindingSources(sources, wanted, {
      method: incoming.method,
      address: () => lifting.address?.(request) ?? ownAddress(incoming),
      dpop: () => headerValuesFromRawHeaders(incoming.rawHeaders, 'dpop'),
      header: (name) => incoming.headers[name],
      peer: () => ({ socket: incoming.socket }),
    });
  }
  const contentType = wanted.formBody ? (headers['content-type'] as string | undefined) : undefined;
  return withFormBody(sources, contentType, lifting.body, request);
}

// RFC 9112 §3.2: the Host field and the target as the client sent them; the scheme is the
// connection's own (no proxy header is trusted here: a framework that trusts one says so).
function ownAddress(incoming: NodeIncoming): RequestAddress {
  const encrypted = (incoming.socket as { encrypted?: unknown } | undefined)?.encrypted === true;
  const host = incoming.headers.host;
  return {
    scheme: encrypted ? 'https' : 'http',
    host: typeof host === 'string' ? host : undefined,
    target: incoming.url ?? '/',
  };
}
