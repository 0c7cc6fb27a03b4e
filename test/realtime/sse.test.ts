/** Server-Sent Events on Express: `jwtAuth` guards the stream, `watchExpiry` ends it. */
import { once } from 'node:events';
import { get, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDenyList } from '@jwt-guard/core';
import { watchExpiry } from '@jwt-guard/core/realtime';
import { createMemoryStore } from '@jwt-guard/core/store';
import { jwtAuth } from '@jwt-guard/express';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let issuer: TestIssuer;
let server: Server;
let base: string;
const denyList = createDenyList({ store: createMemoryStore() });

beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['ES256'] });
  const app = express();
  app.get(
    '/events',
    jwtAuth({ issuer: issuer.issuer, audience: issuer.audience, isRevoked: denyList.isRevoked }),
    (req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.write(`data: hello ${req.auth?.payload.sub}\n\n`);
      const stop = watchExpiry(req.auth as NonNullable<typeof req.auth>, {
        isRevoked: denyList.isRevoked,
        checkEveryMs: 200,
        onExpire: (reason) => res.end(`event: end\ndata: ${reason}\n\n`),
      });
      req.on('close', stop);
    },
  );
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await issuer.close();
});

async function stream(token?: string) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const [res] = (await once(get(`${base}/events`, { headers }), 'response')) as [IncomingMessage];
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    body += chunk;
  });
  const ended = once(res, 'end').then(() => ({ body, at: Date.now() }));
  return { res, ended };
}

describe('an SSE route behind jwtAuth', () => {
  it('refuses a request without a token with 401 and the challenge', async () => {
    const { res, ended } = await stream();
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="api"');
    expect((await ended).body).not.toContain('data:');
  });

  it('ends the stream once the token expires', async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const { res, ended } = await stream(await issuer.mint({ claims: { sub: 'erin', exp } }));
    expect(res.headers['content-type']).toBe('text/event-stream');
    const { body, at } = await ended;
    expect(body).toBe('data: hello erin\n\nevent: end\ndata: expired\n\n');
    expect(at).toBeGreaterThanOrEqual(exp * 1000 - 50);
  });

  it('ends the stream within the check interval once its jti is revoked', async () => {
    const { ended } = await stream(await issuer.mint({ claims: { sub: 'finn', jti: 'sse-1' } }));
    const revokedAt = Date.now();
    await denyList.revoke('sse-1', Math.floor(Date.now() / 1000) + 600, issuer.issuer);
    const { body, at } = await ended;
    expect(body).toBe('data: hello finn\n\nevent: end\ndata: revoked\n\n');
    expect(at - revokedAt).toBeLessThan(1000);
  });
});
