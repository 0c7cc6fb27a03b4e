/**
 * What Fastify's own logger writes for refusals, with a real pino stream: no error and no
 * stack for a 4xx (the refusal is an answer, not a failure), the error without the token for
 * an outage (503), and never the token.
 */
import { Writable } from 'node:stream';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jwtAuth, requireScope } from '../src/index.js';
import { get, serve } from './serve.js';

let issuer: TestIssuer;
let app: FastifyInstance;
let base: string;
let lines: Record<string, unknown>[] = [];
const DOWN = 'http://127.0.0.1:9';

beforeAll(async () => {
  issuer = await createTestIssuer();
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  app = Fastify({ logger: { level: 'trace', stream } });
  await app.register(async (api) => {
    await api.register(jwtAuth, { issuer: issuer.issuer, audience: issuer.audience });
    api.get('/orders', { preHandler: requireScope('read:orders') }, async () => []);
  });
  await app.register(async (down) => {
    // Nothing listens on port 9 of loopback: the key set cannot be had.
    await down.register(jwtAuth, { issuer: DOWN, audience: issuer.audience });
    down.get('/down', async () => 'never');
  });
  base = await serve(app);
});
afterAll(async () => {
  await app.close();
  await issuer.close();
});
beforeEach(() => {
  lines = [];
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('Fastify logging of refusals', () => {
  it('logs no error and no stack for a 4xx, only the completed response', async () => {
    const expired = await issuer.mint({ expiresIn: -60 });
    const noScope = await issuer.mint({ claims: { scope: 'read:profile' } });
    const answers = [
      await get(base, '/orders'),
      await get(base, '/orders', 'Bearer'),
      await get(base, '/orders', `Bearer ${expired}`),
      await get(base, '/orders', `Bearer ${noScope}`),
    ];
    expect(answers.map((res) => res.status)).toEqual([401, 400, 401, 403]);
    await settle();
    const completed = lines.filter((line) => line.msg === 'request completed');
    expect(completed.map((line) => (line.res as { statusCode: number }).statusCode)).toEqual([
      401, 400, 401, 403,
    ]);
    const text = JSON.stringify(lines);
    expect(text).not.toMatch(/"err"|stack|\bat \w|\.ts:\d/);
    expect(lines.every((line) => (line.level as number) < 40)).toBe(true);
    for (const token of [expired, noScope]) expect(text).not.toContain(token.split('.')[1]);
  });

  it('logs an outage (503) as an error, without the token', async () => {
    const token = await issuer.mint({ claims: { iss: DOWN } });
    const res = await get(base, '/down', `Bearer ${token}`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await res.text()).toBe('Service Unavailable');
    await settle();
    const errors = lines.filter((line) => line.level === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ err: { code: 'ERR_KEYS_UNAVAILABLE' } });
    expect(JSON.stringify(lines)).not.toContain(token.split('.')[1]);
  });
});
