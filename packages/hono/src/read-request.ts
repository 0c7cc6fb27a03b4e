/**
 * How the Hono adapter reads a request, on every runtime: the token sources, and the
 * `waitUntil` Workers lend for background work.
 */
import {
  authorizationFromRawHeaders,
  headerValuesFromRawHeaders,
  isFormContentType,
  type RequestContext,
  readClientCertificate,
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
  readonly headers: Readonly<Record<string, string | string[] | undefined>> & {
    readonly cookie?: string | undefined;
  };
  readonly socket?: unknown;
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
    const sources: TokenSources = {
      authorization: authorizationFromRawHeaders(incoming.rawHeaders),
      query: incoming.url,
      cookie: wanted.cookie ? incoming.headers.cookie : undefined,
    };
    return wanted.dpop || wanted.certificate
      ? withBindingSources(c, wanted, sources, incoming)
      : sources;
  }
  // Fetch Headers join a repeated field with ", ", which core refuses as two credentials.
  const headers = c.req.raw.headers;
  const sources = {
    authorization: headers.get('authorization'),
    query: c.req.url,
    cookie: wanted.cookie ? headers.get('cookie') : undefined,
  };
  const bound =
    wanted.dpop || wanted.certificate ? withBindingSources(c, wanted, sources, incoming) : sources;
  const contentType = wanted.formBody ? headers.get('content-type') : null;
  if (!isFormContentType(contentType)) return bound;
  // `all`: a repeated field comes as an array (two tokens), not as its last value.
  // Hono caches the parsed body, so handlers can still read it.
  return c.req.parseBody({ all: true }).then((formBody) => ({ ...bound, contentType, formBody }));
}

// What sender-constrained tokens need besides the token: the method, the absolute URL
// (Hono's, from the runtime), the DPoP header(s) (every one on Node; fetch Headers join a
// repeated field, which then fails as a proof), and the client certificate: from a trusted
// header, the Node TLS socket, or Cloudflare's `cf.tlsClientAuth`.
function withBindingSources(
  c: Context,
  wanted: WantedSources,
  sources: TokenSources,
  incoming: NodeIncoming | undefined,
): TokenSources {
  const header = wanted.certificateHeader;
  return {
    ...sources,
    method: c.req.method,
    // The URL the runtime built from the request (on Node, from a Host it checked): core
    // checks its authority again and takes its path.
    address: { target: c.req.url },
    dpop: wanted.dpop
      ? incoming
        ? headerValuesFromRawHeaders(incoming.rawHeaders, 'dpop')
        : c.req.raw.headers.get('dpop')
      : undefined,
    certificate: wanted.certificate
      ? readClientCertificate(header !== undefined, {
          header: header === undefined ? undefined : c.req.raw.headers.get(header),
          socket: incoming?.socket,
          cf: (c.req.raw as { cf?: unknown }).cf,
        })
      : undefined,
  };
}
