/**
 * `@jwt-guard/core/app`: what an application needs besides its framework's middleware, in
 * one place, so that each adapter re-exports it with one line and an app depends on its
 * adapter alone. The names are core's own objects (`instanceof JwtGuardError` holds across
 * packages); each also has its home entry point (`@jwt-guard/core`, `/policy`, `/store`,
 * `/presets`, `/client`).
 */
export type { AuthInfo } from './auth-info.js';
export type { ClaimChecks } from './claims/claim-checks.js';
export type { TokenClient, TokenClientErrorCode, TokenClientOptions } from './client/index.js';
export { createTokenClient, TokenClientError } from './client/index.js';
export type { DecryptionOptions } from './decrypt/index.js';
export type { DpopOptions } from './dpop/index.js';
export { createDpopNonces, createMemoryReplayStore } from './dpop/index.js';
export type { ErrorCode } from './errors/codes.js';
export { ERROR_CODES } from './errors/codes.js';
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
export type { EventListener, JwtGuardEvent } from './events.js';
export type { KeySource } from './keys/key-source.js';
export type { MtlsOptions } from './mtls/index.js';
export type { Policy, PolicyRequest } from './policy/index.js';
export {
  allOf,
  anyOf,
  authorize,
  claim,
  hasAnyRole,
  hasAnyScope,
  hasRoles,
  hasScopes,
  namedPolicy,
  not,
} from './policy/index.js';
export type { PresetOptions } from './presets/index.js';
export { presets } from './presets/index.js';
export type { SharedStore } from './store/index.js';
export {
  createCacheApiStore,
  createKvStore,
  createMemoryStore,
  StoreError,
} from './store/index.js';
export type { DenyList } from './verify/deny-list.js';
export { createDenyList } from './verify/deny-list.js';
export type { Verifier } from './verify/verifier.js';
export { createVerifier } from './verify/verifier.js';
export type {
  IssuerConfig,
  IssuerEntry,
  IssuerResolver,
  VerifierOptions,
} from './verify/verifier-options.js';
