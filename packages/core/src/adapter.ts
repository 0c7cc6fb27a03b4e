/**
 * `@jwt-guard/core/adapter`: what a framework adapter needs and an application does not.
 * Every adapter reads its request, calls the authenticator, attaches the result, and
 * lifts the guards with one small wrapper.
 */
export type { AuthInfo, AuthPolicy } from './auth-info.js';
export { policyOf, withPolicy } from './auth-info.js';
export { authenticateRequest } from './authenticate-request.js';
export type { Authenticator, AuthenticatorOptions, WantedSources } from './authenticator.js';
export { createAuthenticator } from './authenticator.js';
export type {
  OwnVerifierOptions,
  RequestSideOptions,
  SharedVerifierOptions,
} from './authenticator-options.js';
export type { AuthenticatorPlan, ReadTokenSources } from './authenticator-plan.js';
export { prepareAuthenticator } from './authenticator-plan.js';
export type { ClaimChecks } from './claims/claim-checks.js';
export type { DecryptionOptions } from './decrypt/index.js';
export type {
  DpopOptions,
  DpopProofInput,
  ResolvedDpop,
  VerifiedDpopProof,
} from './dpop/index.js';
export { createDpopProofVerifier, resolveDpopOptions } from './dpop/index.js';
export type { ChallengeSettings } from './errors/answer.js';
export { JwtGuardError, toErrorResponse } from './errors/jwt-guard-error.js';
export type { EventListener, JwtGuardEvent } from './events.js';
export type { CertificateOrigins } from './mtls/client-certificate.js';
export { readClientCertificate } from './mtls/client-certificate.js';
export { type NodeBodyStream, readNodeBody } from './node/read-body.js';
export type { GuardMiddlewares } from './policy/guard-middlewares.js';
export { createGuardMiddlewares } from './policy/guard-middlewares.js';
export type { AuthLevel, ClaimExpectation, Guard } from './policy/guards.js';
export type { PolicyLike, PolicyRequest } from './policy/index.js';
export {
  allOf,
  anyOf,
  authorize,
  claim,
  createPolicyCheck,
  hasAnyRole,
  hasAnyScope,
  hasRoles,
  hasScopes,
  namedPolicy,
  not,
  toPolicy,
} from './policy/index.js';
export type { PresetOptions } from './presets/index.js';
export { presets } from './presets/index.js';
export {
  closeOnExpiry,
  createHandshakeAuthenticator,
  type HandshakeAuthenticator,
  type HandshakeAuthOptions,
  type HandshakeOptions,
  selectProtocol,
  watchExpiry,
} from './realtime/index.js';
export type { RequestAddress, RequestContext } from './request-context.js';
export type {
  ProtectedResourceMetadata,
  ProtectedResourceMetadataOptions,
} from './resource-metadata.js';
export { metadataResponse, protectedResourceMetadata } from './resource-metadata.js';
export type { SharedStore } from './store/index.js';
export { createMemoryStore } from './store/index.js';
export type { TokenSources } from './token/extract-token.js';
export { isFormContentType } from './token/extract-token.js';
export {
  authorizationFromRawHeaders,
  headersFromRaw,
  headerValuesFromRawHeaders,
} from './token/raw-headers.js';
export type { DenyList, DenyListOptions } from './verify/deny-list.js';
export { createDenyList } from './verify/deny-list.js';
export type { IssuerConfig, IssuerEntry, IssuerResolver } from './verify/verifier-options.js';
export type { VerifierPlan } from './verify/verifier-plan.js';
