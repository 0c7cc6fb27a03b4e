/**
 * What a framework-free endpoint handler (the issuer's token endpoints) needs of a request
 * on Node, for every Node-based adapter alike: its headers and its body, read on demand.
 */
import { headersFromRaw } from '../token/raw-headers.js';
import { type NodeBodyStream, readNodeBody } from './read-body.js';

/** The IncomingMessage parts read here: the raw header list and the body stream. */
export interface NodeEndpointIncoming extends NodeBodyStream {
  readonly rawHeaders: readonly string[];
}

/** The request parts {@link readNodeEndpointRequest} gives a framework-free endpoint. */
export interface NodeEndpointRequest {
  /** Every header as received: a repeated field (several `Cookie` lines) stays. */
  readonly headers: Headers;
  /** Reads the body under `limitBytes`, rejecting with `tooLarge()` past it. */
  readonly readBody: (limitBytes: number) => Promise<Uint8Array>;
  /** What an earlier parser read, present only when it has spent the stream. */
  readonly parsedBody?: unknown;
}

/**
 * The headers and the body reader of `incoming`; `parsed()` (the framework's `req.body`) is
 * asked only when a parser has already read the whole stream, since its result is then all
 * there is to read.
 *
 * @example
 * ```ts
 * handle({ method: req.method, path: req.path, ...readNodeEndpointRequest(req, () => req.body, tooLarge), raw: req });
 * ```
 */
export function readNodeEndpointRequest(
  incoming: NodeEndpointIncoming,
  parsed: () => unknown,
  tooLarge: () => Error,
): NodeEndpointRequest {
  return {
    headers: headersFromRaw(incoming.rawHeaders),
    readBody: (limitBytes) => readNodeBody(incoming, limitBytes, tooLarge),
    ...(incoming.readableEnded ? { parsedBody: parsed() } : {}),
  };
}
