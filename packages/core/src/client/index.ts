/** The token client: outgoing tokens for calls between services. */

export type {
  ClientPrivateKey,
  DpopKeyInput,
  DpopKeyPair,
  ExchangeGrant,
  RenewalLimit,
  TokenClientDpopOptions,
  TokenClientOptions,
  TokenEndpointAuthMethod,
} from './options.js';
export type { TokenClient } from './token-client.js';
export { createTokenClient } from './token-client.js';
export type { TokenClientErrorCode, TokenClientErrorOptions } from './token-client-error.js';
export { TokenClientError } from './token-client-error.js';
export type { TokenClientEvent, TokenClientEventListener } from './token-client-events.js';
export type { ExchangeOptions } from './token-exchange.js';
