/**
 * How the Hono adapter reads a request, on every runtime: the token sources (on Node from
 * the IncomingMessage, through core's Node reader; elsewhere from the fetch Request), and
 * the `waitUntil` Workers lend for background work.
 */
import type { RequestContext, TokenSources } from '@jwt-guard/core';
import {
  isFormContentType,
  type NodeIncoming,
  type NodeRequestLifting,
  readClientCertificate,
  readNodeRequest,
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

// On Node, @hono/node-server lends the IncomingMessage as `c.env.incoming`. Its raw header
// list and request target are far cheaper to read than the Headers object and URL Hono
// builds on first use, and the list keeps a repeated Authorization field visible.
function nodeIncomingOf(c: Context): NodeIncoming | undefined {
  const incoming = (c.env as { incoming?: Partial<NodeIncoming> } | undefined)?.incoming;
  return Array.isArray(incoming?.rawHeaders) && typeof incoming.url === 'string'
    ? (incoming as NodeIncoming)
    : undefined;
}

// `all`: a repeated form field comes as an array (two tokens), not as its last value. Hono
// caches the parsed body, so handlers can still read it.
const parseForm = (c: Context) => c.req.parseBody({ all: true });

const onNode: NodeRequestLifting<Context> = {
  // readTokenSources checked it before choosing this reader: no second check.
  incoming: (c) => (c.env as { incoming: NodeIncoming }).incoming,
  body: parseForm,
  // The URL the runtime built from the request (on Node, from a Host it checked): core
  // checks its authority again and takes its path.
  address: (c) => ({ target: c.req.url }),
};

/**
 * The token sources of a Hono request: on Node from the IncomingMessage, elsewhere from
 * the fetch Request (parsing a form body only when a form token is wanted).
 *
 * @example
 * ```ts
 * prepareAuthenticator<Context>(options, readTokenSources, createContextReader());
 * ```
 */
export function readTokenSources(
  c: Context,
  wanted: WantedSources,
): TokenSources | Promise<TokenSources> {
  if (nodeIncomingOf(c)) return readNodeRequest(c, wanted, onNode);
  // Fetch Headers join a repeated field with ", ", which core refuses as two credentials.
  const headers = c.req.raw.headers;
  const sources = {
    authorization: headers.get('authorization'),
    query: c.req.url,
    cookie: wanted.cookie ? headers.get('cookie') : undefined,
  };
  const bound =
    wanted.dpop || wanted.certificate ? withBindingSources(c, wanted, sources) : sources;
  const contentType = wanted.formBody ? headers.get('content-type') : null;
  if (!isFormContentType(contentType)) return bound;
  return parseForm(c).then((formBody) => ({ ...bound, contentType, formBody }));
}

// What sender-constrained tokens need besides the token, off Node: the method, the absolute
// URL (Hono's, from the runtime), the DPoP header (fetch Headers join a repeated field,
// which then fails as a proof), and the client certificate: from a trusted header, or
// Cloudflare's `cf.tlsClientAuth`.
function withBindingSources(
  c: Context,
  wanted: WantedSources,
  sources: TokenSources,
): TokenSources {
  const header = wanted.certificateHeader;
  const headers = c.req.raw.headers;
  return {
    ...sources,
    method: c.req.method,
    address: { target: c.req.url },
    dpop: wanted.dpop ? headers.get('dpop') : undefined,
    certificate: wanted.certificate
      ? readClientCertificate(header !== undefined, {
          header: header === undefined ? undefined : headers.get(header),
          cf: (c.req.raw as { cf?: unknown }).cf,
        })
      : undefined,
  };
}
