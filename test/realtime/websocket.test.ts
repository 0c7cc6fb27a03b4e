/** WebSocket handshakes on a Node http server with `ws`: the upgrade guard and closing at expiry. */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDenyList } from '@jwt-guard/core';
import {
  closeOnExpiry,
  createUpgradeGuard,
  protocolForToken,
  selectProtocol,
} from '@jwt-guard/core/realtime';
import { createMemoryStore } from '@jwt-guard/core/store';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';

let issuer: TestIssuer;
let server: Server;
let origin: string;
let url: string;
const denyList = createDenyList({ store: createMemoryStore() });
let connections = 0;

beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['ES256'] });
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => selectProtocol(offered),
  });
  const guard = createUpgradeGuard({
    issuer: issuer.issuer,
    audience: issuer.audience,
    isRevoked: denyList.isRevoked,
    token: { fromProtocol: true },
  });
  // `/query` reads `?access_token=` instead (RFC 6750 §2.3).
  const queryGuard = createUpgradeGuard({
    issuer: issuer.issuer,
    audience: issuer.audience,
    token: { fromQuery: true },
  });
  server = createServer();
  server.on('upgrade', (req, socket, head) =>
    (req.url?.startsWith('/query') ? queryGuard : guard)(req, socket, head, (auth) =>
      wss.handleUpgrade(req, socket, head, (ws) => {
        connections += 1;
        ws.on(
          'close',
          closeOnExpiry(ws, auth, { isRevoked: denyList.isRevoked, checkEveryMs: 200 }),
        );
        ws.send(String(auth.payload.sub));
      }),
    ),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  url = `${origin}/live`;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await issuer.close();
});

type Outcome =
  | { opened: true; ws: WebSocket; first: string; protocol: string }
  | { opened: false; status: number; challenge: string | undefined; length: string | undefined };

function connect(
  options: { token?: string; protocols?: string[]; path?: string } = {},
): Promise<Outcome> {
  const headers: Record<string, string> = options.token
    ? { authorization: `Bearer ${options.token}` }
    : {};
  const target = options.path === undefined ? url : `${origin}${options.path}`;
  const ws = new WebSocket(target, options.protocols ?? [], { headers });
  return new Promise((resolve, reject) => {
    ws.once('message', (data) =>
      resolve({ opened: true, ws, first: String(data), protocol: ws.protocol }),
    );
    ws.once('unexpected-response', (_req, res) => {
      resolve({
        opened: false,
        status: res.statusCode ?? 0,
        challenge: res.headers['www-authenticate'],
        length: res.headers['content-length'],
      });
      res.resume();
    });
    ws.once('error', reject);
  });
}

const closed = (ws: WebSocket) =>
  new Promise<{ code: number; reason: string; at: number }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: String(reason), at: Date.now() })),
  );

describe('createUpgradeGuard with ws', () => {
  it('connects with a valid token in Authorization', async () => {
    const outcome = await connect({ token: await issuer.mint({ claims: { sub: 'alice' } }) });
    expect(outcome).toMatchObject({ opened: true, first: 'alice' });
    if (outcome.opened) outcome.ws.close();
  });

  it('connects with the token as a subprotocol item, selecting the app protocol', async () => {
    const token = await issuer.mint({ claims: { sub: 'bob' } });
    const outcome = await connect({ protocols: ['chat.v1', protocolForToken(token)] });
    expect(outcome).toMatchObject({ opened: true, first: 'bob', protocol: 'chat.v1' });
    if (outcome.opened) outcome.ws.close();
  });

  it('refuses a handshake without a token with 401 and the challenge, before any connection', async () => {
    const before = connections;
    expect(await connect()).toEqual({
      opened: false,
      status: 401,
      challenge: 'Bearer realm="api"',
      length: '0',
    });
    expect(connections).toBe(before);
  });

  it('refuses an expired token with 401 invalid_token', async () => {
    const token = await issuer.mint({ claims: { exp: Math.floor(Date.now() / 1000) - 600 } });
    const outcome = await connect({ token });
    expect(outcome).toMatchObject({ opened: false, status: 401 });
    if (!outcome.opened) expect(outcome.challenge).toContain('error="invalid_token"');
  });

  it('refuses a token in Authorization and in the protocol list with 400', async () => {
    const token = await issuer.mint();
    const outcome = await connect({ token, protocols: ['chat.v1', protocolForToken(token)] });
    expect(outcome).toMatchObject({ opened: false, status: 400 });
  });

  it('refuses two ?access_token= values with 400 invalid_request, before any connection', async () => {
    const [first, second] = [await issuer.mint(), await issuer.mint({ claims: { sub: 'eve' } })];
    const single = await connect({ path: `/query?access_token=${first}` });
    expect(single).toMatchObject({ opened: true, first: 'user-123' });
    if (single.opened) single.ws.close();
    const before = connections;
    for (const query of [
      `access_token=${first}&access_token=${second}`,
      `access_token=${first}&access_token=${first}`,
      `access_token=${first}&access%5Ftoken=${second}`,
    ]) {
      expect(await connect({ path: `/query?${query}` }), query.slice(-12)).toEqual({
        opened: false,
        status: 400,
        challenge:
          'Bearer realm="api", error="invalid_request", error_description="More than one access token was presented"',
        length: '0',
      });
    }
    expect(connections).toBe(before);
  });

  it('closes the socket with 1008 once the token expires', async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const outcome = await connect({ token: await issuer.mint({ claims: { exp } }) });
    if (!outcome.opened) throw new Error(`refused with ${outcome.status}`);
    const { code, reason, at } = await closed(outcome.ws);
    expect({ code, reason }).toEqual({ code: 1008, reason: 'token expired' });
    expect(at).toBeGreaterThanOrEqual(exp * 1000 - 50);
  });

  it('closes the socket with 1008 within the check interval once its jti is revoked', async () => {
    const token = await issuer.mint({ claims: { jti: 'revoke-me' } });
    const outcome = await connect({ token });
    if (!outcome.opened) throw new Error(`refused with ${outcome.status}`);
    const revokedAt = Date.now();
    await denyList.revoke('revoke-me', Math.floor(Date.now() / 1000) + 600, issuer.issuer);
    const { code, reason, at } = await closed(outcome.ws);
    expect({ code, reason }).toEqual({ code: 1008, reason: 'token revoked' });
    expect(at - revokedAt).toBeLessThan(1000);
    expect((await connect({ token })).opened).toBe(false);
  });
});
