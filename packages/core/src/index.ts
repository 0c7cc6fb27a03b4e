export { DEFAULT_ALGORITHMS, HMAC_ALGORITHMS } from './algorithms.js';
export type { AuthInfo, RolesClaim } from './auth-info.js';
export { readClaim, rolesOf, scopesOf } from './claims/read-claims.js';
export type { ErrorCode, ErrorCodeRow } from './errors/codes.js';
export { ERROR_CODES } from './errors/codes.js';
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
export type { ClaimExpectation, Guard } from './guards.js';
export { createClaimGuard, createRoleGuard, createScopeGuard } from './guards.js';
export type { KeyLookup, KeySource, VerificationKey } from './keys/key-source.js';
export type { RequestContext } from './request-context.js';
export type { ExtractTokenOptions, TokenSources } from './token/extract-token.js';
export { extractBearerToken } from './token/extract-token.js';
export type { IsRevoked } from './verify/revocation.js';
export type { TokenCacheOptions } from './verify/token-cache.js';
export type { Verifier } from './verify/verifier.js';
export { createVerifier } from './verify/verifier.js';
export type { JwksOptions, VerifierOptions } from './verify/verifier-options.js';
