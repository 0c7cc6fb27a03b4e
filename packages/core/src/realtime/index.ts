/** Long-lived connections: WebSocket handshakes, and ending sockets and streams at expiry. */
export type { ClosableSocket, CloseOnExpiryOptions } from './close-on-expiry.js';
export { closeOnExpiry, POLICY_VIOLATION } from './close-on-expiry.js';
export type {
  HandshakeAuthenticator,
  HandshakeAuthOptions,
  HandshakeOptions,
  HandshakeRequest,
} from './handshake.js';
export { authenticateHandshake, createHandshakeAuthenticator } from './handshake.js';
export { type HandshakeMiddlewares, liftHandshakes } from './handshake-middleware.js';
export { PROTOCOL_TOKEN_PREFIX, protocolForToken, selectProtocol } from './protocol-token.js';
export type { UpgradeGuard, UpgradeGuardOptions, UpgradeSocket } from './upgrade-guard.js';
export { createUpgradeGuard } from './upgrade-guard.js';
export type { ExpiryReason, StopWatching, WatchExpiryOptions } from './watch-expiry.js';
export { watchExpiry } from './watch-expiry.js';
