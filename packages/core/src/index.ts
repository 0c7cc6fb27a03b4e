export { DEFAULT_ALGORITHMS, HMAC_ALGORITHMS, keyAlgorithm } from './algorithms.js';
export type { AuthInfo, AuthPolicy, RolesClaim } from './auth-info.js';
export { policyOf, withPolicy } from './auth-info.js';
export type { Authenticator, AuthenticatorOptions, WantedSources } from './authenticator.js';
export { createAuthenticator } from './authenticator.js';
export { readClaim, rolesOf, scopesOf } from './claims.js';
export type { ChallengeParams } from './errors/challenge.js';
export { formatBearerChallenge } from './errors/challenge.js';
export type { ErrorCode, ErrorCodeRow } from './errors/codes.js';
export { ERROR_CODES } from './errors/codes.js';
export type { JwtGuardErrorOptions } from './errors/jwt-guard-error.js';
export {
  createError,
  DEFAULT_REALM,
  InsufficientScopeError,
  InvalidRequestError,
  InvalidTokenError,
  JwtGuardError,
  KeysUnavailableError,
  toErrorResponse,
  UnauthorizedError,
} from './errors/jwt-guard-error.js';
export { translateJoseError } from './errors/translate-jose-error.js';
export type { ExtractTokenOptions, TokenSources } from './extract-token.js';
export {
  authorizationFromRawHeaders,
  DEFAULT_MAX_TOKEN_BYTES,
  extractBearerToken,
  isFormContentType,
} from './extract-token.js';
export type { GuardMiddlewares } from './guard-middlewares.js';
export { createGuardMiddlewares } from './guard-middlewares.js';
export type { ClaimExpectation, Guard } from './guards.js';
export { createClaimGuard, createRoleGuard, createScopeGuard } from './guards.js';
export { checkProtectedHeader } from './header-policy.js';
export { discoverJwksUri, discoveryUrls } from './keys/discovery.js';
export type { RequestContext } from './keys/jwks-cache.js';
export type { KeyLookup, KeySource, KeySourceOptions, VerificationKey } from './keys/key-source.js';
export { createKeySource } from './keys/key-source.js';
export { createSecretKeySource } from './keys/secret-key-source.js';
export type { CachedVerification, TokenCache, TokenCacheOptions } from './token-cache.js';
export { createTokenCache } from './token-cache.js';
export type { Verifier } from './verifier.js';
export { createVerifier } from './verifier.js';
export type { JwksOptions, ResolvedVerifierOptions, VerifierOptions } from './verifier-options.js';
export { resolveVerifierOptions } from './verifier-options.js';
