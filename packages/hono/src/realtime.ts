/**
 * WebSocket handshakes in Hono: `wsAuth` goes before `upgradeWebSocket(…)` (from `hono/ws`
 * helpers: `@hono/node-ws` on Node, `hono/cloudflare-workers` on Workers, `hono/bun`, `hono/deno`).
 */
import type { AuthInfo } from '@jwt-guard/core/adapter';
import { createHandshakeAuthenticator, type HandshakeAuthOptions } from '@jwt-guard/core/realtime';
import type { MiddlewareHandler } from 'hono';
import type { AuthVariables } from './auth-variables.js';
import { toHttpException } from './http-exception.js';

/** Options of {@link wsAuth}: `jwtAuth`'s, with the opt-in `token: { fromProtocol, fromQuery }`. */
export type WsAuthOptions = HandshakeAuthOptions;

/**
 * Authenticates a WebSocket handshake and sets `c.get('auth')`; a refusal is the HTTP answer
 * (401 with its challenge), so no socket opens. Browsers cannot set `Authorization`: turn on
 * `token.fromProtocol` (the client offers `protocolForToken(token)` beside its own protocol,
 * and the server selects its own) or `token.fromQuery`. The handshake is checked once: close
 * the socket at expiry or revocation with `closeOnExpiry` (or `watchExpiry`) in `onOpen`.
 *
 * @example
 * ```ts
 * app.get('/ws', wsAuth({ issuer, audience, token: { fromProtocol: true } }), upgradeWebSocket((c) => {
 *   let stop = () => {};
 *   return {
 *     onOpen: (_event, ws) => { stop = closeOnExpiry(ws, c.get('auth'), { isRevoked: denyList.isRevoked }); },
 *     onClose: () => stop(),
 *   };
 * }));
 * ```
 */
export function wsAuth(options: WsAuthOptions): MiddlewareHandler<{ Variables: AuthVariables }> {
  const handshakes = createHandshakeAuthenticator(options);
  return async (c, next) => {
    let auth: AuthInfo;
    try {
      auth = await handshakes.authenticate({ headers: c.req.raw.headers, url: c.req.url });
    } catch (error) {
      throw toHttpException(error);
    }
    c.set('auth', auth);
    await next();
  };
}

export { closeOnExpiry, selectProtocol, watchExpiry } from '@jwt-guard/core/realtime';
