/** examples/pino logs each jwt-guard event as one structured line, and never a token. */
import { Writable } from 'node:stream';
import { listenOnLoopback } from '@jwt-guard/example-kit';
import { createApp } from '@jwt-guard/example-pino/app';
import { createLogger } from '@jwt-guard/example-pino/logger';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Line {
  level: number;
  msg: string;
  event: { type: string; [field: string]: unknown };
}
const INFO = 30;
const WARN = 40;

// Runs the example against `issuer` with a logger writing to memory.
async function start(issuer: TestIssuer) {
  const written: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      written.push(String(chunk));
      done();
    },
  });
  const logger = createLogger(destination);
  const app = createApp({ issuer: issuer.issuer, audience: issuer.audience }, logger);
  const server = await listenOnLoopback(app, 0);
  const get = (path: string, token?: string) => {
    const req = supertest(server.base).get(path);
    return token ? req.set('Authorization', `Bearer ${token}`) : req;
  };
  const lines = (): Line[] =>
    written
      .join('')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line));
  return { get, lines, text: () => written.join(''), close: () => server.close() };
}

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['ES256'] });
});
afterAll(() => issuer.close());

describe('examples/pino', () => {
  it('logs key fetches, accepted and refused tokens, one line per event', async () => {
    const app = await start(issuer);
    try {
      const reader = await issuer.mint({ claims: { scope: 'read:orders', sub: 'alice-sub' } });
      const expired = await issuer.mint({ expiresIn: -60, claims: { sub: 'bob-sub' } });
      expect((await app.get('/api/orders', reader)).status).toBe(200);
      expect((await app.get('/api/orders', reader)).status).toBe(200);
      expect((await app.get('/api/orders', expired)).status).toBe(401);

      const lines = app.lines();
      for (const line of lines) expect(line.msg).toBe('jwt-guard');
      expect(lines.map((line) => [line.level, line.event.type])).toEqual([
        [INFO, 'issuer-resolved'],
        [INFO, 'keys-fetch-started'],
        [INFO, 'keys-fetched'],
        [INFO, 'token-accepted'],
        [INFO, 'token-accepted'],
        [INFO, 'token-refused'],
      ]);
      expect(lines[3]?.event).toMatchObject({ issuer: issuer.issuer, cached: false });
      expect(lines[4]?.event).toMatchObject({ cached: true });
      expect(lines[5]?.event).toEqual({
        type: 'token-refused',
        code: 'ERR_TOKEN_EXPIRED',
        status: 401,
      });
      for (const secret of [reader, expired, 'alice-sub', 'bob-sub']) {
        expect(app.text()).not.toContain(secret);
      }
    } finally {
      await app.close();
    }
  });

  it('warns when the keys cannot be had and the token is refused with 503', async () => {
    const down = await createTestIssuer({ algorithms: ['ES256'] });
    const app = await start(down);
    try {
      down.setOutage(true);
      const token = await down.mint();
      expect((await app.get('/api/me', token)).status).toBe(503);

      const warnings = app.lines().filter((line) => line.level === WARN);
      expect(warnings.map((line) => line.event.type)).toEqual(['keys-failed', 'token-refused']);
      expect(warnings[0]?.event.reason).toContain('503');
      expect(warnings[1]?.event).toMatchObject({ code: 'ERR_KEYS_UNAVAILABLE', status: 503 });
      expect(app.text()).not.toContain(token);
    } finally {
      await app.close();
      await down.close();
    }
  });
});
