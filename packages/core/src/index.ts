/**
 * `@jwt-guard/core`: verify a bearer token (the verifier, token extraction, claims, keys,
 * DPoP, mTLS, decryption, deny lists) and answer a refusal (the error classes and table).
 * Policies, realtime, presets, stores and the token client have their own entry points:
 * `@jwt-guard/core/policy`, `/realtime`, `/presets`, `/store`, `/client`.
 */
export { DEFAULT_ALGORITHMS, HMAC_ALGORITHMS } from './algorithms.js';
export type { AuthInfo, RolesClaim, ScopesClaim } from './auth-info.js';
export type {
  AuthenticatorOptions,
  BindingOptions,
  ChallengeOptions,
  OwnVerifierOptions,
  RequestSideOptions,
  SharedVerifierOptions,
  TokenOptions,
} from './authenticator-options.js';
export type { ClaimChecks, ClaimRequirement } from './claims/claim-checks.js';
export { readClaim, rolesOf, scopesOf } from './claims/read-claims.js';
export type {
  DecryptionKeyInput,
  DecryptionOptions,
} from './decrypt/index.js';
export {
  DEFAULT_CONTENT_ENCRYPTION_ALGORITHMS,
  DEFAULT_KEY_MANAGEMENT_ALGORITHMS,
} from './decrypt/index.js';
export type { DpopNonces, DpopOptions, ReplayStore } from './dpop/index.js';
export {
  createDpopNonces,
  createMemoryReplayStore,
  DEFAULT_DPOP_ALGORITHMS,
} from './dpop/index.js';
export type { ErrorCode, ErrorCodeRow } from './errors/codes.js';
export { ERROR_CODES } from './errors/codes.js';
export type { DpopFailureReason } from './errors/dpop-reason.js';
export type { JwtGuardErrorOptions } from './errors/jwt-guard-error.js';
export {
  InsufficientScopeError,
  InvalidRequestError,
  InvalidTokenError,
  JwtGuardError,
  KeysUnavailableError,
  RevocationUnavailableError,
  toErrorResponse,
  UnauthorizedError,
} from './errors/jwt-guard-error.js';
export type { RefusalHint } from './errors/refusal-hint.js';
export type { EventListener, GuardName, JwtGuardEvent } from './events.js';
export type {
  IntrospectedTokens,
  IntrospectionAuthMethod,
  IntrospectionOptions,
} from './introspection/options.js';
export type { KeyLookup, KeySource, VerificationKey } from './keys/key-source.js';
export { type NotReadyCode, NotReadyError } from './keys/ready-error.js';
export type { MtlsOptions } from './mtls/index.js';
export type { RequestAddress, RequestContext } from './request-context.js';
export type {
  ProtectedResourceMetadata,
  ProtectedResourceMetadataOptions,
} from './resource-metadata.js';
export { protectedResourceMetadata } from './resource-metadata.js';
export type { ExtractTokenOptions, TokenSources } from './token/extract-token.js';
export { extractBearerToken } from './token/extract-token.js';
export type { DenyList, DenyListOptions } from './verify/deny-list.js';
export { createDenyList } from './verify/deny-list.js';
export type {
  DurableObjectRevocationFeed,
  DurableObjectRevocationFeedOptions,
  WaitUntilLike,
} from './verify/durable-object-revocation-feed.js';
export { createDurableObjectRevocationFeed } from './verify/durable-object-revocation-feed.js';
export type { MirrorOptions } from './verify/mirrored-deny-list.js';
export type { IsRevoked } from './verify/revocation.js';
export type { RevocationFeed, RevocationFeedListener } from './verify/revocation-feed.js';
export type { TokenCacheOptions } from './verify/token-cache.js';
export type { Verifier } from './verify/verifier.js';
export { createVerifier } from './verify/verifier.js';
export type {
  IssuerConfig,
  IssuerEntry,
  IssuerResolver,
  JwksOptions,
  VerifierOptions,
} from './verify/verifier-options.js';
