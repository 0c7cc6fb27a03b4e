/** What a request lends the library beyond its token. */

/** Per-request context: a way to keep background work alive past the response, and the request. */
export interface RequestContext {
  /** Workers' `ctx.waitUntil`: without it a background refresh dies with the response. */
  readonly waitUntil?: ((promise: Promise<unknown>) => void) | undefined;
  /** The framework's request, handed to an issuer resolver. */
  readonly request?: unknown;
}

/**
 * How a request was addressed, as the adapter received it: nothing parsed.
 *
 * @example
 * ```ts
 * const address: RequestAddress = { scheme: req.protocol, host: req.get('host'), target: req.originalUrl };
 * ```
 */
export interface RequestAddress {
  /**
   * `http` or `https`, as the framework decided (a trusted proxy's `X-Forwarded-Proto`
   * included). Unused for an absolute-form target, which names its own.
   */
  readonly scheme?: string | undefined;
  /** The `Host` header (or a trusted proxy's `X-Forwarded-Host`) as received. */
  readonly host?: string | undefined;
  /**
   * The request target as received (RFC 9112 §3.2): origin-form `/path?query`, or
   * absolute-form `https://host/path?query` (what fetch runtimes give as `Request.url`).
   */
  readonly target: string;
}
