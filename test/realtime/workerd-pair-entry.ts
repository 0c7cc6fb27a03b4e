/**
 * A WebSocket route on the plain Workers API for workerd: core's handshake authenticator,
 * then `WebSocketPair`, the server end accepted and watched from the upgrade on, so an idle
 * client (one that never sends) is still closed with 1008 when its token expires.
 */

import { JwtGuardError, toErrorResponse } from '@jwt-guard/core';
import {
  closeOnExpiry,
  createHandshakeAuthenticator,
  type HandshakeAuthenticator,
} from '@jwt-guard/core/realtime';

/** The Workers global this entry uses (the test tsconfig carries Node's types only). */
declare const WebSocketPair: new () => Record<0 | 1, WorkersSocket>;

interface WorkersSocket {
  accept(): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'close' | 'error', listener: () => void): void;
}

/** The bindings the test passes (plain-text vars). */
export interface Env {
  readonly ISSUER: string;
  readonly AUDIENCE: string;
}

let handshakes: HandshakeAuthenticator | undefined;

async function upgrade(request: Request, env: Env): Promise<Response> {
  handshakes ??= createHandshakeAuthenticator({
    issuer: env.ISSUER,
    audience: env.AUDIENCE,
    token: { fromQuery: true },
  });
  let auth: Awaited<ReturnType<HandshakeAuthenticator['authenticate']>>;
  try {
    auth = await handshakes.authenticate(request);
  } catch (error) {
    if (!(error instanceof JwtGuardError)) throw error;
    const { status, headers, body } = toErrorResponse(error);
    return new Response(body, { status, headers });
  }
  const pair = new WebSocketPair();
  const [client, server] = Object.values(pair) as [WorkersSocket, WorkersSocket];
  server.accept();
  const stop = closeOnExpiry(server, auth);
  server.addEventListener('close', stop);
  server.addEventListener('error', stop);
  // Workers' ResponseInit takes the client end; a variable, as Node's type lacks the field.
  const init = { status: 101, webSocket: client };
  return new Response(null, init);
}

export default {
  fetch(request: Request, env: Env): Response | Promise<Response> {
    if (new URL(request.url).pathname === '/raw') return upgrade(request, env);
    return new Response('Not Found', { status: 404 });
  },
};
