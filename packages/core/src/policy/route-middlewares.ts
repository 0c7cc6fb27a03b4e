/**
 * `requirePolicy` and `protectedResourceMetadata` as one adapter's middleware: their
 * interface and documentation live here once, and each adapter lifts them with two small
 * wrappers, as it lifts the guards (`guard-middlewares.ts`).
 */
import type { JWTPayload } from 'jose';
import type { AuthInfo } from '../auth-info.js';
import {
  metadataResponse,
  type ProtectedResourceMetadata,
  type ProtectedResourceMetadataOptions,
  protectedResourceMetadata as prepareMetadata,
} from '../resource-metadata.js';
import { createPolicyCheck } from './authorize.js';
import type { PolicyLike, PolicyRequest } from './policy.js';

/**
 * An adapter's middleware type as a function of the route parameters a policy reads.
 * TypeScript has no higher-kinded types, so this is a type lambda: `middleware` reads
 * `this['params']`, and `MiddlewareFor` fills it in.
 *
 * @example
 * ```ts
 * interface ExpressPolicyMiddleware extends MiddlewareType {
 *   readonly middleware: RequestHandler<this['params']>;
 * }
 * ```
 */
export interface MiddlewareType {
  readonly params: unknown;
  readonly middleware: unknown;
}

/** The middleware of `Type` for route parameters `Params`. */
export type MiddlewareFor<Type extends MiddlewareType, Params> = (Type & {
  readonly params: Params;
})['middleware'];

/** A prepared policy: resolves when it allows, rejects with the refusal (carrying its challenge). */
export type PolicyCheck<Params> = (
  auth: AuthInfo<object> | undefined,
  request: PolicyRequest<Params>,
) => Promise<void>;

/** The answer to a metadata request: status, headers and body, for the adapter to send. */
export type MetadataAnswer = NonNullable<ReturnType<typeof metadataResponse>>;

/** How an adapter lifts the route middlewares: two wrappers in its framework's shape. */
export interface RouteMiddlewareLifting<Policy extends MiddlewareType, Metadata> {
  /**
   * Middleware that runs `check` with the request's `AuthInfo` and its
   * `{ method, path, params, headers }`, goes on when it resolves, and refuses as the
   * framework refuses (`next(err)`, a throw, an `HTTPException`) when it rejects.
   */
  policy<Params>(check: PolicyCheck<Params>): MiddlewareFor<Policy, Params>;
  /** Middleware that sends `answer(method, path)` when there is one, and goes on otherwise. */
  metadata(answer: (method: string, path: string) => MetadataAnswer | undefined): Metadata;
}

/** The route middlewares every adapter exports besides the guards. */
export interface RouteMiddlewares<Policy extends MiddlewareType, DefaultParams, Metadata> {
  /**
   * Route middleware that lets a request through only when `policy` allows it: a policy
   * built with `allOf`, `anyOf`, `not`, `hasScopes`, `hasAnyRole`, `claim`, or a predicate
   * `(auth, request) => boolean | Promise<boolean>`. The request it sees is
   * `{ method, path, params, headers }` in every framework (Koa: `ctx.params` of
   * `@koa/router`, `{}` without a router; header names lower-case). A refusal is the
   * framework's error: 403 `insufficient_scope` (`ERR_INSUFFICIENT_SCOPE` naming scopes,
   * `ERR_INSUFFICIENT_ROLE` for a missing role, `ERR_CLAIM_CHECK_FAILED` for a failed claim,
   * else `ERR_POLICY_DENIED`; a throwing predicate is refused too), or 401 without a
   * verified token.
   *
   * Typing: `Params` and `Claims` come from a typed policy (`allOf<{ userId: string }>(…)`)
   * or are given: `requirePolicy<{ tenantId: string }, { tid: string }>(…)`. They are not
   * inferred from the route's path: no framework passes the path's type into a middleware
   * made apart from the route.
   *
   * @example
   * ```ts
   * app.get('/users/:userId', auth, requirePolicy<{ userId: string }>(anyOf((auth, req) => auth.payload.sub === req.params.userId, hasAnyRole('support'))), readUser);
   * ```
   */
  requirePolicy<Params = DefaultParams, Claims extends object = JWTPayload>(
    policy: PolicyLike<Params, Claims>,
  ): MiddlewareFor<Policy, Params>;
  /**
   * Serves the API's protected-resource metadata (RFC 9728) at
   * `/.well-known/oauth-protected-resource` (plus the resource's path, §3.1), for GET and
   * HEAD, and goes on for every other request. Its `url` is what
   * `jwtAuth({ resourceMetadata })` names in challenges (§5.1).
   *
   * @example
   * ```ts
   * const metadata = protectedResourceMetadata({ resource: 'https://api.example.com', authorizationServers: [issuer] });
   * app.use(metadata);
   * app.use(jwtAuth({ issuer, audience, resourceMetadata: metadata.url }));
   * ```
   */
  protectedResourceMetadata(
    options: ProtectedResourceMetadataOptions,
  ): Metadata & { readonly url: string; readonly metadata: ProtectedResourceMetadata };
}

/**
 * Builds an adapter's `requirePolicy` and `protectedResourceMetadata` from its lifting.
 * Options are checked when the middleware is made: a `TypeError` names the bad one.
 *
 * @example
 * ```ts
 * export const { requirePolicy, protectedResourceMetadata } = createRouteMiddlewares(lifting);
 * ```
 */
export function createRouteMiddlewares<Policy extends MiddlewareType, DefaultParams, Metadata>(
  lifting: RouteMiddlewareLifting<Policy, Metadata>,
): RouteMiddlewares<Policy, DefaultParams, Metadata> {
  return {
    requirePolicy: <Params, Claims extends object>(policy: PolicyLike<Params, Claims>) =>
      lifting.policy(createPolicyCheck(policy) as PolicyCheck<Params>),
    protectedResourceMetadata: (options) => {
      const metadata = prepareMetadata(options);
      const middleware = lifting.metadata((method, path) =>
        metadataResponse(metadata, method, path),
      );
      return Object.assign(middleware as Metadata & object, { url: metadata.url, metadata });
    },
  };
}
