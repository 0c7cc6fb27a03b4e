/**
 * A gateway of `@nestjs/websockets` on `@nestjs/platform-ws`, with a real `ws` client: the
 * handshake is refused with the HTTP status and challenge a route gets, an admitted client
 * carries its token, and message handlers meet `@Scopes` through `JwtAuthGuard`.
 */
import 'reflect-metadata';
import type { IncomingMessage } from 'node:http';
import {
  type AuthInfo,
  JwtAuthGuard,
  JwtGuardModule,
  JwtHandshakeGuard,
  Scopes,
} from '@jwt-guard/nestjs';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { Module, UseGuards } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import {
  ConnectedSocket,
  type OnGatewayConnection,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, type WebSocketServer } from 'ws';
import { PLATFORMS, type Served, serve } from './serve.js';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer();
});
afterAll(() => issuer.close());

type Client = WebSocket & { auth?: AuthInfo };

// Nest applies no global guard to gateways: the guard is named on the gateway.
@UseGuards(JwtAuthGuard)
@WebSocketGateway({ path: '/events' })
class EventsGateway implements OnGatewayInit, OnGatewayConnection {
  constructor(private readonly handshake: JwtHandshakeGuard) {}
  afterInit(server: WebSocketServer): void {
    this.handshake.protect(server);
  }
  handleConnection(client: Client, request: IncomingMessage & { auth?: AuthInfo }): void {
    client.send(JSON.stringify({ event: 'hello', data: request.auth?.payload.sub }));
  }
  @SubscribeMessage('whoami')
  whoami(@ConnectedSocket() client: Client) {
    return { event: 'whoami', data: client.auth?.payload.sub };
  }
  @Scopes('admin:events')
  @SubscribeMessage('admin')
  admin() {
    return { event: 'admin', data: 'granted' };
  }
}

/** Opens a socket; resolves with it once open, or with the refused handshake's response. */
function connect(url: string, token?: string) {
  const headers = token === undefined ? {} : { authorization: `Bearer ${token}` };
  const socket = new WebSocket(url, { headers });
  const messages: { event: string; data: unknown }[] = [];
  socket.on('message', (raw) => messages.push(JSON.parse(String(raw))));
  return new Promise<
    { socket: WebSocket; messages: typeof messages } | { refused: IncomingMessage; body: string }
  >((resolve, reject) => {
    socket.once('open', () => resolve({ socket, messages }));
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk;
      });
      response.on('end', () => resolve({ refused: response, body }));
    });
    socket.once('error', reject);
  });
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe.each(PLATFORMS)('a gateway behind the handshake guard, on %s', (platform) => {
  let served: Served;
  let url: string;
  beforeAll(async () => {
    @Module({
      imports: [JwtGuardModule.forRoot({ issuer: issuer.issuer, audience: issuer.audience })],
      providers: [EventsGateway],
    })
    class AppModule {}
    served = await serve(AppModule, platform, (app) => app.useWebSocketAdapter(new WsAdapter(app)));
    url = `${served.base.replace('http', 'ws')}/events`;
  });
  afterAll(() => served.close());

  it('refuses a handshake without a token with 401 and the challenge', async () => {
    const result = await connect(url);
    expect('refused' in result && result.refused.statusCode).toBe(401);
    if (!('refused' in result)) return;
    expect(result.refused.headers['www-authenticate']).toBe('Bearer realm="api"');
    expect(result.body).toBe('Authentication is required');
  });

  it('refuses a forged token with 401 invalid_token', async () => {
    const token = await issuer.mint();
    const result = await connect(url, `${token.slice(0, -4)}AAAA`);
    if (!('refused' in result)) throw new Error('the handshake was admitted');
    expect(result.refused.statusCode).toBe(401);
    expect(result.refused.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('admits a verified client, whose token the gateway and its handlers see', async () => {
    const token = await issuer.mint({ claims: { sub: 'socket-user' } });
    const result = await connect(url, token);
    if ('refused' in result) throw new Error(`refused with ${result.refused.statusCode}`);
    const { socket, messages } = result;
    socket.send(JSON.stringify({ event: 'whoami' }));
    socket.send(JSON.stringify({ event: 'admin' }));
    await until(() => messages.length >= 2);
    await new Promise((r) => setTimeout(r, 50));
    socket.close();
    expect(messages).toContainEqual({ event: 'hello', data: 'socket-user' });
    expect(messages).toContainEqual({ event: 'whoami', data: 'socket-user' });
    expect(messages.some((m) => m.event === 'admin')).toBe(false);
  });

  it('lets a message through @Scopes when the handshake token holds them', async () => {
    const token = await issuer.mint({ claims: { scope: 'admin:events' } });
    const result = await connect(url, token);
    if ('refused' in result) throw new Error(`refused with ${result.refused.statusCode}`);
    result.socket.send(JSON.stringify({ event: 'admin' }));
    await until(() => result.messages.some((m) => m.event === 'admin'));
    result.socket.close();
    expect(result.messages).toContainEqual({ event: 'admin', data: 'granted' });
  });
});
