/**
 * How the Hono adapter reads a request, on every runtime: the token sources (on Node from
 * the IncomingMessage, through core's Node reader; elsewhere from the fetch Request, through
 * core's fetch reader), and the `waitUntil` Workers lend for background work.
 */
import type { RequestContext, TokenSources } from '@jwt-guard/core';
import {
  type NodeIncoming,
  type NodeRequestLifting,
  readNodeRequest,
  readWebRequest,
  type WantedSources,
  type WebRequestLifting,
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
// The URL the runtime built from the request (on Node, from a Host it checked): core checks
// its authority again and takes its path.
const addressOf = (c: Context) => ({ target: c.req.url });

const onNode: NodeRequestLifting<Context> = {
  // readTokenSources checked it before choosing this reader: no second check.
  incoming: (c) => (c.env as { incoming: NodeIncoming }).incoming,
  body: parseForm,
  address: addressOf,
};

const onFetch: WebRequestLifting<Context> = {
  request: (c) => c.req.raw,
  body: parseForm,
  address: addressOf,
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
  return nodeIncomingOf(c)
    ? readNodeRequest(c, wanted, onNode)
    : readWebRequest(c, wanted, onFetch);
}
