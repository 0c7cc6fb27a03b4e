/** What a request lends the library beyond its token. */

/** Per-request context: a way to keep background work alive past the response, and the request. */
export interface RequestContext {
  /** Workers' `ctx.waitUntil`: without it a background refresh dies with the response. */
  readonly waitUntil?: ((promise: Promise<unknown>) => void) | undefined;
  /** The framework's request, handed to an issuer resolver. */
  readonly request?: unknown;
}
