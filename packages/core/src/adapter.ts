/**
 * `@jwt-guard/core/adapter`: the adapter interface, what a framework adapter needs and an
 * application does not. Every adapter prepares the authenticator once, reads its request
 * into token sources (`readNodeRequest` on Node, `readWebRequest` on a fetch `Request`),
 * and lifts the middleware from core with its framework's step (`liftFramework`,
 * `createRouteMiddlewares`), answering a refusal with `toErrorResponse` and a metadata
 * request with `metadataResponse`. What an application needs is in `@jwt-guard/core/app`,
 * which each adapter re-exports; the request's types (`TokenSources`, `RequestContext`) are
 * in `@jwt-guard/core`, server-side DPoP in `@jwt-guard/core/dpop`.
 */
export type { AuthInfo } from './auth-info.js';
export { authenticateRequest } from './authenticate-request.js';
export type { AuthenticatorOptions } from './authenticator-options.js';
export type { AuthenticatorPlan, ReadTokenSources, WantedSources } from './authenticator-plan.js';
export { prepareAuthenticator } from './authenticator-plan.js';
export type { ErrorHandlerMiddleware } from './errors/error-handler-middleware.js';
export { JwtGuardError, toErrorResponse } from './errors/jwt-guard-error.js';
export {
  type FetchStyleLifting,
  prepareFetchStyleAuthenticator,
} from './fetch-style-request.js';
export type { JwtAuthMiddleware } from './jwt-auth-middleware.js';
export { type FrameworkLifting, type LiftedFramework, liftFramework } from './lift-framework.js';
export type { AuthenticatedMiddleware } from './policy/authenticated-middleware.js';
export { createPolicyCheck } from './policy/authorize.js';
export { createGuardMiddlewares, type GuardMiddlewares } from './policy/guard-middlewares.js';
export type { AuthLevel, ClaimExpectation, Guard } from './policy/guards.js';
export type { PolicyLike } from './policy/policy.js';
export {
  createRouteMiddlewares,
  type MiddlewareType,
  type PolicyCheck,
  type RouteMiddlewares,
} from './policy/route-middlewares.js';
export { prepareRouteRequirements, type RouteCheck } from './policy/route-requirements.js';
export { readNodeEndpointRequest } from './request/endpoint-request.js';
export {
  type NodeIncoming,
  type NodeRequestLifting,
  readNodeRequest,
} from './request/read-request.js';
export { settle } from './request/settle.js';
export {
  metadataResponse,
  type ProtectedResourceMetadata,
  type ProtectedResourceMetadataOptions,
} from './resource-metadata.js';
export { throwingStep } from './throwing-step.js';
export { readCappedBody } from './web/read-body.js';
export { readWebRequest, type WebRequestLifting } from './web/read-request.js';
