/** Closes a WebSocket with 1008 when its token expires or is revoked. */
import type { AuthInfo } from '../auth-info.js';
import { type StopWatching, type WatchExpiryOptions, watchExpiry } from './watch-expiry.js';

/** RFC 6455 §7.4.1: "policy violation", the close code for a connection no longer authorized. */
export const POLICY_VIOLATION = 1008;

/** A socket as `ws`, browsers, Workers and Hono's `WSContext` shape it. */
export interface ClosableSocket {
  close(code?: number, reason?: string): void;
}

/** Options of {@link closeOnExpiry}: {@link WatchExpiryOptions} without `onExpire`. */
export type CloseOnExpiryOptions = Omit<WatchExpiryOptions, 'onExpire'>;

/**
 * Watches the token of an open socket and closes it with 1008 and the reason
 * `token expired` or `token revoked`. Call the returned `stop` when the socket closes.
 *
 * @example
 * ```ts
 * wss.on('connection', (ws, req, auth) => {
 *   ws.on('close', closeOnExpiry(ws, auth, { isRevoked: denyList.isRevoked, checkEveryMs: 10_000 }));
 * });
 * ```
 */
export function closeOnExpiry(
  socket: ClosableSocket,
  auth: AuthInfo<object>,
  options: CloseOnExpiryOptions = {},
): StopWatching {
  return watchExpiry(auth, {
    ...options,
    onExpire: (reason) => socket.close(POLICY_VIOLATION, `token ${reason}`),
  });
}
