/**
 * How the Hono adapter reads a request, on every runtime: the token sources, and the
 * `waitUntil` Workers lend for background work.
 */
import {
  authorizationFromRawHeaders,
  isFormContentType,
  type RequestContext,
  type TokenSources,
  type WantedSources,
} from '@jwt-guard/core/adapter';
import type { Context } from 'hono';

/**
 * Creates the reader of a request's background-work context. Workers lend each request a
 * `waitUntil`; elsewhere Hono's getter throws, and a throw per request is costly (an Error
 * with its stack): after the first miss, it stops asking.
 *
 * @example
 * ```ts
 * const contextOf = createContextReader();
 * contextOf(c)?.waitUntil?.(refresh);
 * ```
 */
export function createContextReader(): (c: Context) => RequestContext | undefined {
  let available = true;
  return (c: Context): RequestContext | undefined => {
    if (!available) return undefined;
    try {
      const ctx = c.executionCtx;
      return { waitUntil: (promise) => ctx.waitUntil(promise) };
    } catch {
      available = false;
      return undefined;
    }
  };
}

/** What @hono/node-server lends as `c.env.incoming`: Node's IncomingMessage. */
interface NodeIncoming {
  readonly rawHeaders: string[];
  readonly url: string;
  readonly headers: { readonly cookie?: string | undefined };
}

// On Node, @hono/node-server lends the IncomingMessage as `c.env.incoming`. Its raw header
// list and request target are far cheaper to read than the Headers object and URL Hono
// builds on first use, and the list keeps a repeated Authorization field visible.
function nodeIncomingOf(c: Context): NodeIncoming | undefined {
  const incoming = (c.env as { incoming?: Partial<NodeIncoming> } | undefined)?.incoming;
  return Array.isArray(incoming?.rawHeaders) && typeof incoming.url === 'string'
    ? (incoming as NodeIncoming)
    : undefined;
}

/**
 * The token sources of a Hono request: on Node from the IncomingMessage, elsewhere from
 * the fetch Request (parsing a form body only when a form token is wanted).
 *
 * @example
 * ```ts
 * createAuthenticator<Context>(options, readTokenSources, createContextReader());
 * ```
 */
export function readTokenSources(
  c: Context,
  wanted: WantedSources,
): TokenSources | Promise<TokenSources> {
  const incoming = nodeIncomingOf(c);
  if (incoming && !wanted.formBody) {
    return {
      authorization: authorizationFromRawHeaders(incoming.rawHeaders),
      query: incoming.url,
      cookie: wanted.cookie ? incoming.headers.cookie : undefined,
    };
  }
  // Fetch Headers join a repeated field with ", ", which core refuses as two credentials.
  const headers = c.req.raw.headers;
  const sources = {
    authorization: headers.get('authorization'),
    query: c.req.url,
    cookie: wanted.cookie ? headers.get('cookie') : undefined,
  };
  const contentType = wanted.formBody ? headers.get('content-type') : null;
  if (!isFormContentType(contentType)) return sources;
  // `all`: a repeated field comes as an array (two tokens), not as its last value.
  // Hono caches the parsed body, so handlers can still read it.
  return c.req.parseBody({ all: true }).then((formBody) => ({ ...sources, contentType, formBody }));
}
