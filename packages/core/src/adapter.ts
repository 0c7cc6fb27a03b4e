/**
 * `@jwt-guard/core/adapter`: the adapter interface, what a framework adapter needs and an
 * application does not. Every adapter prepares the authenticator once, reads its request
 * into token sources, calls `authenticateRequest`, attaches the result, answers a refusal
 * with `toErrorResponse`, and lifts the guards, policies and metadata with small wrappers.
 * What an application needs is in `@jwt-guard/core/app`, which each adapter re-exports.
 */
export type { AuthInfo } from './auth-info.js';
export { authenticateRequest } from './authenticate-request.js';
export type { Authenticator, AuthenticatorOptions, WantedSources } from './authenticator.js';
export { createAuthenticator } from './authenticator.js';
export type { AuthenticatorPlan, ReadTokenSources } from './authenticator-plan.js';
export { prepareAuthenticator } from './authenticator-plan.js';
export type { DpopProofInput, VerifiedDpopProof } from './dpop/index.js';
export { createDpopProofVerifier, resolveDpopOptions } from './dpop/index.js';
export { JwtGuardError, toErrorResponse } from './errors/jwt-guard-error.js';
export type { CertificateOrigins } from './mtls/client-certificate.js';
export { readClientCertificate } from './mtls/client-certificate.js';
export {
  type NodeEndpointIncoming,
  type NodeEndpointRequest,
  readNodeEndpointRequest,
} from './node/endpoint-request.js';
export type { NodeBodyStream } from './node/read-body.js';
export {
  type NodeIncoming,
  type NodeRequestLifting,
  readNodeRequest,
} from './node/read-request.js';
export { createPolicyCheck } from './policy/authorize.js';
export type { GuardMiddlewares } from './policy/guard-middlewares.js';
export { createGuardMiddlewares } from './policy/guard-middlewares.js';
export type { AuthLevel, ClaimExpectation, Guard } from './policy/guards.js';
export type { PolicyLike } from './policy/policy.js';
export {
  createRouteMiddlewares,
  type MetadataAnswer,
  type MiddlewareFor,
  type MiddlewareType,
  type PolicyCheck,
  type RouteMiddlewareLifting,
  type RouteMiddlewares,
} from './policy/route-middlewares.js';
export type { RequestContext } from './request-context.js';
export type {
  ProtectedResourceMetadata,
  ProtectedResourceMetadataOptions,
} from './resource-metadata.js';
export { metadataResponse, protectedResourceMetadata } from './resource-metadata.js';
export type { TokenSources } from './token/extract-token.js';
export { isFormContentType } from './token/extract-token.js';
export { readCappedBody } from './web/read-body.js';
export { readWebRequest, type WebRequestLifting } from './web/read-request.js';
