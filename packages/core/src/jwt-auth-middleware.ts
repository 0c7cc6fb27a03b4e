/**
 * `jwtAuth`, the middleware factory every adapter exports: its interface and documentation
 * live here once, and each adapter writes it over `prepareAuthenticator` and `liftFramework`.
 */

/**
 * The `jwtAuth` factory of an adapter whose middleware type says whether a token must come:
 * `Required` when it must, `Optional` (its `AuthInfo` typed as possibly absent) with
 * `credentialsRequired: false`.
 */
export interface JwtAuthMiddleware<Options, Required, Optional> {
  /**
   * Verifies the bearer token of each request and attaches its `AuthInfo`
   * (`{ payload, header, token }`) where the framework keeps request state, typed so that
   * the routes after it know it. The options are checked here, once: a bad one is a
   * `TypeError` that names it. A refusal (401, 403 or 503 with its `WWW-Authenticate`
   * challenge) goes the framework's own way for errors.
   *
   * @example
   * ```ts
   * app.use(jwtAuth({ issuer: 'https://id.example.com/', audience: 'https://api.example.com' }));
   * ```
   */
  jwtAuth(options: Options & { credentialsRequired: false }): Optional;
  /** With a token required (the default): a request without one is refused with a 401. */
  jwtAuth(options: Options): Required;
}
