export type { IssuedAccessToken, IssueInput } from './access-token.js';
export { REGISTERED_CLAIMS } from './access-token.js';
export type { Duration } from './duration.js';
export { REFRESH_COOKIE } from './endpoints/cookie.js';
export {
  type EndpointReading,
  type EndpointServer,
  serveTokenEndpoints,
  toWebResponse,
} from './endpoints/serve.js';
export {
  type FetchEndpointReading,
  type FetchTokenEndpoints,
  liftFetchTokenEndpoints,
  serveFetchTokenEndpoints,
} from './endpoints/serve-fetch.js';
export {
  type EndpointWriter,
  liftNodeTokenEndpoints,
  type NodeEndpointLifting,
  type NodeEndpointServer,
  type NodeTokenEndpoints,
} from './endpoints/serve-node.js';
export {
  createTokenEndpoints,
  type EndpointPaths,
  type TokenEndpoints,
} from './endpoints/token-endpoints.js';
export type {
  AuthenticatedSubject,
  AuthenticateInput,
  EndpointHandler,
  EndpointName,
  EndpointRequest,
  EndpointResponse,
  RateLimitRefusal,
  TokenEndpointsOptions,
} from './endpoints/types.js';
export { IssuerError, type IssuerErrorCode, OAUTH_ERRORS } from './issuer-error.js';
export type { IssuerEvent, IssuerEventListener } from './issuer-events.js';
export type { KeyRing, KeyState, RingKey } from './key-ring.js';
export type { RotationResult } from './key-ring-store.js';
export type {
  GeneratedKeysOptions,
  KeysOptions,
  ManagedKey,
  SigningAlgorithm,
} from './keys-options.js';
export type { IssuerMetadata, MetadataOptions } from './metadata.js';
export type {
  AccessTokenOptions,
  RefreshTokenOptions,
  ResolvedIssuerOptions,
  SharedStoreLike,
  TokenIssuerOptions,
} from './options.js';
export type { FamilyAccessToken, FamilyRecord } from './refresh-family.js';
export type { IssuedTokens, RefreshOptions } from './refresh-rotation.js';
export { REFRESH_TOKEN_PREFIX } from './refresh-token.js';
export { createTokenIssuer, type RotateKeysOptions, type TokenIssuer } from './token-issuer.js';
