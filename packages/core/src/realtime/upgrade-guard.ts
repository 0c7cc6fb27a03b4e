/**
 * Guards Node's http `upgrade` event (Express and Koa servers are Node http servers):
 * authenticate the handshake, then either accept or answer with the HTTP refusal. Typed
 * structurally, so core depends neither on `ws` nor on `node:net`.
 */
import type { AuthInfo } from '../auth-info.js';
import { JwtGuardError } from '../errors/jwt-guard-error.js';
import {
  createHandshakeAuthenticator,
  type HandshakeAuthenticator,
  type HandshakeAuthOptions,
  type HandshakeRequest,
} from './handshake.js';

/** Options of {@link createUpgradeGuard}: a handshake authenticator's, or one to share. */
export type UpgradeGuardOptions =
  | HandshakeAuthOptions
  | { readonly authenticator: HandshakeAuthenticator };

/** The upgrading socket: Node's `Duplex` fits. */
export interface UpgradeSocket {
  end(chunk: string): unknown;
  destroy(): unknown;
  once(event: 'finish', listener: () => void): unknown;
}

/** Authenticates an `upgrade` event; `accept` runs only for an authenticated handshake. */
export type UpgradeGuard = <Socket extends UpgradeSocket, Head>(
  request: HandshakeRequest,
  socket: Socket,
  head: Head,
  accept: (auth: AuthInfo) => void,
) => Promise<void>;

// Reason phrases of the statuses a refusal can carry; the phrase is informative only.
const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Creates the guard of an http server's `upgrade` event. On a refusal it writes the HTTP
 * answer (status line, `WWW-Authenticate` and the error's other headers, `Content-Length: 0`)
 * and closes the socket; an unexpected failure answers 500.
 *
 * @example
 * ```ts
 * const guard = createUpgradeGuard({ issuer, audience, token: { fromProtocol: true } });
 * server.on('upgrade', (req, socket, head) =>
 *   guard(req, socket, head, (auth) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req, auth))),
 * );
 * ```
 */
export function createUpgradeGuard(options: UpgradeGuardOptions): UpgradeGuard {
  const handshakes =
    'authenticator' in options ? options.authenticator : createHandshakeAuthenticator(options);
  return async (request, socket, _head, accept) => {
    let auth: AuthInfo;
    try {
      auth = await handshakes.authenticate(request);
    } catch (error) {
      refuse(socket, error);
      return;
    }
    accept(auth);
  };
}

function refuse(socket: UpgradeSocket, error: unknown): void {
  const known = error instanceof JwtGuardError;
  const status = known ? error.status : 500;
  const headers = { ...(known ? error.headers : {}), Connection: 'close', 'Content-Length': '0' };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  // As `ws` does: end() flushes the answer, destroy() once it is written.
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\n${lines.join('')}\r\n`);
}
