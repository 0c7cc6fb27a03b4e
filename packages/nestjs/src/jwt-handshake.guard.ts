/** The handshake guard of WebSocket gateways (`ws`, as `@nestjs/platform-ws` serves them). */

import { JwtGuardError, toErrorResponse } from '@jwt-guard/core/adapter';
import { Injectable } from '@nestjs/common';
import { JwtGuardService, type NestHttpRequest } from './jwt-guard.service.js';

type Answer = (
  admit: boolean,
  status?: number,
  message?: string,
  headers?: Record<string, string>,
) => void;

/** The part of a `ws` `WebSocketServer` the guard uses. */
export interface HandshakeServer {
  /** Its options, where `ws` reads `verifyClient` at each upgrade. */
  readonly options: object;
  on(event: 'connection', listener: (client: object, request: NestHttpRequest) => void): unknown;
}

// A refusal gets the status and `WWW-Authenticate` any route would; anything else, a 503.
const refusal = (error: unknown) =>
  error instanceof JwtGuardError
    ? toErrorResponse(error)
    : { status: 503, headers: {}, body: 'Service Unavailable' };

/**
 * Protects a gateway's server: call `protect(server)` in `afterInit`. The upgrade request
 * is authenticated before the connection opens; it gets `auth`, as does the client, which
 * `JwtAuthGuard` then admits to message handlers.
 *
 * @example
 * ```ts
 * @WebSocketGateway({ path: '/events' })
 * export class EventsGateway implements OnGatewayInit {
 *   constructor(private readonly handshake: JwtHandshakeGuard) {}
 *   afterInit(server: WebSocketServer) { this.handshake.protect(server); }
 * }
 * ```
 */
@Injectable()
export class JwtHandshakeGuard {
  constructor(private readonly jwt: JwtGuardService) {}

  protect(server: HandshakeServer): void {
    const options = server.options as {
      verifyClient?: (info: { req: NestHttpRequest }, answer: Answer) => void;
    };
    options.verifyClient = ({ req }, answer) => {
      // An async step, so that a synchronous throw is a rejection too.
      (async () => this.jwt.authenticate(req))().then(
        (auth) => {
          if (auth !== undefined) req.auth = auth;
          answer(true);
        },
        (error) => {
          const { status, headers, body } = refusal(error);
          answer(false, status, body, headers);
        },
      );
    };
    server.on('connection', (client: { auth?: unknown }, request) => {
      client.auth = request.auth;
    });
  }
}
