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
  ClientPrivateKey,
  ExchangeOptions,
  TokenClient,
  TokenClientErrorCode,
  TokenClientErrorOptions,
  TokenClientOptions,
  TokenEndpointAuthMethod,
} from './client/index.js';
export { createTokenClient, TokenClientError } from './client/index.js';
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
export type { KeyLookup, KeySource, VerificationKey } from './keys/key-source.js';
export { type NotReadyCode, NotReadyError } from './keys/ready-error.js';
export type { MtlsOptions } from './mtls/index.js';
export type { AuthLevel, ClaimExpectation, Guard } from './policy/guards.js';
export {
  createAuthLevelGuard,
  createClaimGuard,
  createRoleGuard,
  createScopeGuard,
} from './policy/guards.js';
export type {
  ClaimCondition,
  Policy,
  PolicyLike,
  PolicyOutcome,
  PolicyPredicate,
  PolicyRequest,
  RouteParams,
} from './policy/index.js';
export {
  allOf,
  anyOf,
  authorize,
  claim,
  hasAnyRole,
  hasAnyScope,
  hasRoles,
  hasScopes,
  isPolicy,
  namedPolicy,
  not,
} from './policy/index.js';
export type { PresetOptions } from './presets/index.js';
export { presets } from './presets/index.js';
export * from './realtime/index.js';
export type { RequestAddress, RequestContext } from './request-context.js';
export type {
  ProtectedResourceMetadata,
  ProtectedResourceMetadataOptions,
} from './resource-metadata.js';
export { protectedResourceMetadata } from './resource-metadata.js';
export type {
  AtomicSharedStore,
  CacheApiStoreOptions,
  CacheLike,
  DurableObjectNamespaceLike,
  DurableObjectStateLike,
  DurableObjectStorageLike,
  DurableObjectStoreOptions,
  KvNamespaceLike,
  KvStoreOptions,
  MemoryStoreOptions,
  SharedStore,
  StoreErrorCode,
} from './store/index.js';
export {
  assertAtomicStore,
  createCacheApiStore,
  createDurableObjectStore,
  createKvStore,
  createMemoryStore,
  DEFAULT_STORE_PREFIX,
  JwtGuardStoreObject,
  replayStoreFrom,
  STORE_ERROR_MESSAGES,
  StoreError,
} from './store/index.js';
export type { ExtractTokenOptions, TokenSources } from './token/extract-token.js';
export { extractBearerToken } from './token/extract-token.js';
export type { DenyList, DenyListOptions } from './verify/deny-list.js';
export { createDenyList } from './verify/deny-list.js';
export type { IsRevoked } from './verify/revocation.js';
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
