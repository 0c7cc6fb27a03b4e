/**
 * The handshake guard of WebSocket gateways (`ws`, as `@nestjs/platform-ws` serves them):
 * the upgrade request is authenticated before the connection opens, and refused with the
 * HTTP status and `WWW-Authenticate` any route would get.
 */

import { JwtGuardError, toErrorResponse } from '@jwt-guard/core/adapter';
import { Injectable } from '@nestjs/common';
import { JwtGuardService, type NestHttpRequest } from './jwt-guard.service.js';

type VerifyClientCallback = (
  admit: boolean,
  status?: number,
  message?: string,
  headers?: Record<string, string>,
) => void;

type VerifyClient = (info: { req: NestHttpRequest }, callback: VerifyClientCallback) => void;

/** The part of a `ws` `WebSocketServer` the guard uses. */
export interface HandshakeServer {
  /** Its options, where `ws` reads `verifyClient` at each upgrade. */
  readonly options: object;
  on(event: 'connection', listener: (client: object, request: NestHttpRequest) => void): unknown;
}

/**
 * Protects a gateway's server: call `protect(server)` in `afterInit`. The upgrade request
 * gets `auth`, as does the client, which `JwtAuthGuard` then admits to message handlers.
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
    const options = server.options as { verifyClient?: VerifyClient };
    options.verifyClient = ({ req }, callback) => {
      const refuse = (error: unknown) => {
        const { status, headers, body } =
          error instanceof JwtGuardError
            ? toErrorResponse(error)
            : { status: 503, headers: {}, body: 'Service Unavailable' };
        callback(false, status, body, headers);
      };
      try {
        Promise.resolve(this.jwt.authenticate(req)).then((auth) => {
          if (auth !== undefined) req.auth = auth;
          callback(true);
        }, refuse);
      } catch (error) {
        refuse(error);
      }
    };
    server.on('connection', (client: { auth?: unknown }, request) => {
      client.auth = request.auth;
    });
  }
}
