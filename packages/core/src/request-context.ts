/** What a request lends the library beyond its token. */

/** Per-request context: a way to keep background work alive past the response. */
export interface RequestContext {
  /** Workers' `ctx.waitUntil`: without it a background refresh dies with the response. */
  readonly waitUntil?: ((promise: Promise<unknown>) => void) | undefined;
}
