/**
 * examples/fastify: the app answers the demo requests as the demo says, on Fastify's own
 * listener against a real issuer; and `pnpm start` (tsx on src/main.ts) really serves them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createApp } from '@jwt-guard/example-fastify/app';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const EXAMPLE = fileURLToPath(new URL('../../examples/fastify', import.meta.url));

const call = (base: string, path: string, token?: string, method = 'GET') =>
  fetch(`${base}${path}`, {
    method,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

describe('examples/fastify', () => {
  let issuer: TestIssuer;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    issuer = await createTestIssuer();
    app = await createApp({ issuer: issuer.issuer, audience: issuer.audience });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await issuer.close();
  });

  it('answers the demo requests as the demo says', async () => {
    const reader = await issuer.mint({ claims: { scope: 'read:orders' } });
    const noScope = await issuer.mint({ claims: { scope: 'read:profile' } });
    const expired = await issuer.mint({ expiresIn: -60 });
    const admin = await issuer.mint({ alg: 'ES256', claims: { roles: ['admin'] } });
    expect(await (await call(base, '/health')).json()).toEqual({ status: 'ok' });
    expect(await (await call(base, '/api/me', reader)).json()).toEqual({
      sub: 'user-123',
      scope: 'read:orders',
    });
    const orders = await call(base, '/api/orders', reader);
    expect(orders.status).toBe(200);
    expect(await orders.json()).toEqual({ orders: [{ id: 1, total: 42 }] });
    const forbidden = await call(base, '/api/orders', noScope);
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('www-authenticate')).toContain('scope="read:orders"');
    expect((await call(base, '/api/orders', expired)).status).toBe(401);
    const anonymous = await call(base, '/api/orders');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    expect(await (await call(base, '/api/orders/1', admin, 'DELETE')).json()).toEqual({
      deleted: '1',
    });
    expect((await call(base, '/api/orders/1', reader, 'DELETE')).status).toBe(403);
  });

  it('answers refusals in plain text, without a stack trace or file paths', async () => {
    const noScope = await issuer.mint({ claims: { scope: 'read:profile' } });
    const expired = await issuer.mint({ expiresIn: -60 });
    for (const [token, status] of [
      [undefined, 401],
      [expired, 401],
      [noScope, 403],
      ['not-a-token', 401],
    ] as const) {
      const answer = await call(base, '/api/orders', token);
      expect(answer.status).toBe(status);
      expect(answer.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      const text = await answer.text();
      expect(text).not.toMatch(/<|\bat |\.ts\b|\.js\b|node_modules|Error/);
      expect(text.length).toBeLessThan(200);
    }
  });
});

describe('examples/fastify: pnpm start', () => {
  let child: ChildProcess;
  let output = '';

  beforeAll(async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: EXAMPLE,
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the demo did not start:\n${output}`)),
        60_000,
      );
      child.stdout?.on('data', () => {
        if (output.includes('Serving until stopped')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`the demo exited with ${code}:\n${output}`)));
    });
  });
  afterAll(async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  });

  it('serves 200 with a printed token and 401 without one', async () => {
    const origin = /Fastify example on (http:\/\/127\.0\.0\.1:\d+) /.exec(output)?.[1];
    expect(origin).toBeDefined();
    const reader = /curl -i \S+\/api\/orders -H 'Authorization: Bearer ([\w.-]+)'/.exec(
      output,
    )?.[1];
    expect(reader).toBeDefined();
    const ok = await call(origin as string, '/api/orders', reader);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ orders: [{ id: 1, total: 42 }] });
    const refused = await call(origin as string, '/api/orders');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="api"');
  });
});
