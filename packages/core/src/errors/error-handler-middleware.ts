/**
 * `jwtErrorHandler`, the optional error handling the Node adapters export: its interface
 * and documentation live here once, and each adapter writes it over `toErrorResponse`.
 */

/** The `jwtErrorHandler` factory of an adapter; `Middleware` is its framework's error step. */
export interface ErrorHandlerMiddleware<Middleware> {
  /**
   * Answers every `JwtGuardError` with its status, its headers (the `WWW-Authenticate`
   * challenge, `Retry-After` on a 503) and the short text body every adapter sends, without
   * logging it, and passes every other error on. Put it where the framework wants its error
   * handling: after the routes on Express; first on Koa, whose default handler logs the
   * stack of an error whose `expose` is false (a 503 printed once per request during an
   * identity-provider outage).
   *
   * @example
   * ```ts
   * app.use(jwtErrorHandler());
   * ```
   */
  jwtErrorHandler(): Middleware;
}
