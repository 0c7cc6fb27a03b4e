/**
 * An authenticator for a fetch-style framework on any runtime (Hono on Node, Workers, Bun and
 * Deno): the request read by core's Node reader where the runtime lends Node's
 * `IncomingMessage`, else by the fetch reader; the runtime's `waitUntil` where it lends one;
 * and options that may be a function of the first request (Workers' bindings).
 */
import type { AuthenticatorOptions } from './authenticator-options.js';
import {
  type AuthenticatorPlan,
  prepareAuthenticator,
  type ReadTokenSources,
} from './authenticator-plan.js';
import {
  type NodeIncoming,
  type NodeRequestLifting,
  readNodeRequest,
} from './request/read-request.js';
import type { RequestContext } from './request-context.js';
import { createContextReader } from './web/execution-context.js';
import { readWebRequest, type WebRequestLifting } from './web/read-request.js';

/** What a fetch-style framework tells core about its request, on every runtime. */
export interface FetchStyleLifting<FrameworkRequest> extends WebRequestLifting<FrameworkRequest> {
  /**
   * Node's `IncomingMessage` behind the request, where the runtime lends it (Hono:
   * `c.env.incoming` from `@hono/node-server`); anything else, or `undefined`, elsewhere. Its
   * raw header list and target are far cheaper to read than the `Request` the framework
   * builds on first use, and the list keeps a repeated `Authorization` field visible.
   */
  readonly incoming?: ((request: FrameworkRequest) => unknown) | undefined;
  /**
   * The runtime's background-work context of the request (Hono: `c.executionCtx`), a getter
   * that may throw where the runtime lends none; asked no more after the first throw.
   */
  readonly executionContext?:
    | ((request: FrameworkRequest) => Required<Pick<RequestContext, 'waitUntil'>>)
    | undefined;
}

const isNodeIncoming = (value: unknown): value is NodeIncoming =>
  Array.isArray((value as Partial<NodeIncoming> | undefined)?.rawHeaders) &&
  typeof (value as NodeIncoming).url === 'string';

function readerOf<R>(lifting: FetchStyleLifting<R>): ReadTokenSources<R> {
  const { incoming } = lifting;
  if (incoming === undefined) return (request, wanted) => readWebRequest(request, wanted, lifting);
  const onNode: NodeRequestLifting<R> = {
    // The reader below checked it before choosing this lifting: no second check.
    incoming: (request) => incoming(request) as NodeIncoming,
    body: lifting.body,
    address: lifting.address,
  };
  return (request, wanted) =>
    isNodeIncoming(incoming(request))
      ? readNodeRequest(request, wanted, onNode)
      : readWebRequest(request, wanted, lifting);
}

/**
 * Prepares the authenticator of a fetch-style framework and returns the plan of a request,
 * for `liftFramework`'s `authenticate`: prepared now (a `TypeError` naming a bad option), or,
 * when `options` is a function of the request, on the first request, whose result serves
 * from then on (on Workers, one key cache per isolate).
 *
 * @example
 * ```ts
 * const planOf = prepareFetchStyleAuthenticator<Context>(options, { request: (c) => c.req.raw, incoming: (c) => c.env?.incoming });
 * app.use(lifted.authenticate(planOf));
 * ```
 */
export function prepareFetchStyleAuthenticator<FrameworkRequest>(
  options:
    | AuthenticatorOptions<FrameworkRequest>
    | ((request: FrameworkRequest) => AuthenticatorOptions<FrameworkRequest>),
  lifting: FetchStyleLifting<FrameworkRequest>,
): (request: FrameworkRequest) => AuthenticatorPlan<FrameworkRequest> {
  const read = readerOf(lifting);
  const { executionContext } = lifting;
  const prepare = (resolved: AuthenticatorOptions<FrameworkRequest>) =>
    prepareAuthenticator(resolved, read, executionContext && createContextReader(executionContext));
  if (typeof options !== 'function') {
    const plan = prepare(options);
    return () => plan;
  }
  let plan: AuthenticatorPlan<FrameworkRequest> | undefined;
  return (request) => (plan ??= prepare(options(request)));
}
