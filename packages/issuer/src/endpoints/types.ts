import type { DpopOptions } from '@jwt-guard/core';

/**
 * The framework-free contract between the token endpoints and each adapter's few lines of
 * lifting: the adapter turns its request into an {@link EndpointRequest} and writes the
 * {@link EndpointResponse} back; every rule of the endpoints lives behind `handle`.
 */

/** One request, as the adapter sees it. */
export interface EndpointRequest<RawRequest = unknown> {
  /** The HTTP method, upper case. */
  readonly method: string;
  /** The path only (no query string), as the router of the mount saw it. */
  readonly path: string;
  /** The request's headers. */
  readonly headers: Headers;
  /**
   * Reads the body at most once, rejecting with an `IssuerError` `ERR_BODY_TOO_LARGE` past
   * `limitBytes`. Not called for GET, nor for paths the endpoints do not serve, so the
   * stream stays unread for the app's own routes.
   */
  readBody(limitBytes: number): Promise<Uint8Array>;
  /**
   * A body the framework already parsed (Express's `req.body` after `express.json()` or
   * `express.urlencoded()`): used instead of reading the stream, which is then spent.
   */
  readonly parsedBody?: unknown;
  /** The framework's own request object, handed to the app's `authenticate` hook. */
  readonly raw: RawRequest;
}

/** The answer the adapter writes back verbatim. */
export interface EndpointResponse {
  readonly status: number;
  /** In order; `Set-Cookie` may appear and is written as given, never by a cookie library. */
  readonly headers: ReadonlyArray<readonly [name: string, value: string]>;
  /** JSON text, or empty for 204. */
  readonly body: string;
}

/** What `handle` does with a request: answers it, or `undefined` when the path is not ours. */
export type EndpointHandler<RawRequest = unknown> = (
  request: EndpointRequest<RawRequest>,
) => Promise<EndpointResponse | undefined>;

/** Who the app's `authenticate` hook says logged in. */
export interface AuthenticatedSubject {
  /** The subject (`sub`): the user's stable id. */
  readonly sub: string;
  /** Granted scopes: a space-separated string or a list. */
  readonly scope?: string | readonly string[];
  /** Custom claims for the access token; registered claim names are refused. */
  readonly claims?: Readonly<Record<string, unknown>>;
}

/** What the app's `authenticate` hook is given. */
export interface AuthenticateInput<RawRequest = unknown> {
  /** The parsed form or JSON body. */
  readonly body: Readonly<Record<string, unknown>>;
  readonly headers: Headers;
  /** The framework's own request object. */
  readonly request: RawRequest;
}

/** What a rate-limit hook answers: nothing to let the request through. */
export interface RateLimitRefusal {
  /** Seconds the client should wait: the `Retry-After` of the 429. */
  readonly retryAfterSeconds: number;
}

/** Options of `tokenEndpoints(tokens, options)` on every adapter. */
export interface TokenEndpointsOptions<RawRequest = unknown> {
  /** Checks the credentials of a login; answers the subject, or nothing for a 401. */
  authenticate(
    input: AuthenticateInput<RawRequest>,
  ): AuthenticatedSubject | undefined | Promise<AuthenticatedSubject | undefined>;
  /**
   * Browser mode: the refresh token travels only in a `__Host-` cookie (HttpOnly, Secure,
   * SameSite=Strict, Path=/), never in a body. Default `false` (mobile and service mode).
   */
  readonly cookie?: boolean;
  /** CSRF defence of cookie-authenticated POSTs. Default header `X-Requested-With`. */
  readonly csrf?: { readonly header?: string };
  /** `client_id` of the tokens these endpoints issue. Default `first-party`. */
  readonly clientId?: string;
  /** Prefix of every path, e.g. `/mobile`. Default none. */
  readonly basePath?: string;
  /** Called before login and refresh; a refusal answers 429 with `Retry-After`. */
  rateLimit?(input: {
    readonly endpoint: 'login' | 'token';
    readonly headers: Headers;
    readonly request: RawRequest;
  }): RateLimitRefusal | undefined | Promise<RateLimitRefusal | undefined>;
  /**
   * Told of every failure answered `500 {"error":"server_error"}`: a hook (`authenticate`,
   * `rateLimit`) that threw or answered a malformed subject, or a store that failed. The
   * client is told nothing more; log the error here. It never holds a token from us.
   */
  onError?(error: unknown, endpoint: EndpointName): void;
  /** Largest request body read, in bytes; a larger one is answered 413. Default 16384. */
  readonly maxBodyBytes?: number;
  /**
   * DPoP (RFC 9449) at login and refresh: how proofs are checked (`algorithms`,
   * `iatWindow`, `clockTolerance`, `replayStore`, `nonce`), and `required: true` to refuse a
   * login or refresh without a proof. Default: proofs accepted when sent, their `jti`s kept
   * in the issuer's `store`.
   */
  readonly dpop?: DpopOptions;
}

/** The endpoints, as `rateLimit` and `onError` name them. */
export type EndpointName = 'login' | 'token' | 'revoke' | 'logout' | 'metadata' | 'jwks';
