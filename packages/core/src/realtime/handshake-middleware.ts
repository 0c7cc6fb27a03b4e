/**
 * `wsAuth` as one framework's middleware: its interface and documentation live here once,
 * and an adapter lifts it with its framework's step, as it lifts the guards.
 */
import type { FrameworkLifting } from '../lift-framework.js';
import {
  createHandshakeAuthenticator,
  type HandshakeAuthOptions,
  type HandshakeRequest,
} from './handshake.js';

/** The handshake middleware of an adapter whose framework upgrades inside its routes. */
export interface HandshakeMiddlewares<Middleware> {
  /**
   * Authenticates a WebSocket handshake and attaches the verified token, as `jwtAuth` does
   * (Hono: `c.get('auth')`); a refusal is the HTTP answer (401 with its challenge), so no
   * socket opens. Browsers cannot set `Authorization`: turn on `token.fromProtocol` (the
   * client offers `protocolForToken(token)` beside its own protocol, and the server selects
   * its own) or `token.fromQuery`. The handshake is checked once: close the socket at expiry
   * or revocation with `closeOnExpiry` (or `watchExpiry`) when it opens.
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
  wsAuth(options: HandshakeAuthOptions): Middleware;
}

/**
 * Builds an adapter's `wsAuth` from its framework's step and attach (see `liftFramework`),
 * and where the handshake's headers and URL are (a fetch `Request` fits).
 *
 * @example
 * ```ts
 * export const { wsAuth } = liftHandshakes(lifting, (c) => c.req.raw);
 * ```
 */
export function liftHandshakes<Request, Middleware>(
  lifting: Pick<FrameworkLifting<Request, Middleware>, 'step' | 'attach'>,
  handshakeOf: (request: Request) => HandshakeRequest,
): HandshakeMiddlewares<Middleware> {
  return {
    wsAuth: (options) => {
      const handshakes = createHandshakeAuthenticator(options);
      return lifting.step((request) =>
        handshakes.authenticate(handshakeOf(request)).then((auth) => lifting.attach(request, auth)),
      );
    },
  };
}
