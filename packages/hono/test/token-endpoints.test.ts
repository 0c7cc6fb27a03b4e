/**
 * The Hono lifting of the token endpoints, beyond the conformance rows: the app's own
 * requests go on in the same tick, and a body an earlier middleware already read is taken
 * from Hono's copy, capped all the same.
 */
import { createMemoryStore } from '@jwt-guard/core/store';
import { createTokenIssuer } from '@jwt-guard/issuer';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { tokenEndpoints } from '../src/index.js';

const tokens = createTokenIssuer({
  issuer: 'http://127.0.0.1',
  audience: 'https://api.example.com',
  store: createMemoryStore(),
  keys: { encryptionSecret: 'a-hono-test-secret-of-at-least-32-bytes-long', schedule: false },
});
const endpoints = tokenEndpoints(tokens, {
  authenticate: ({ body }) => (body.username === 'alice' ? { sub: 'alice' } : undefined),
  maxBodyBytes: 1024,
});
const form = (body: string) => ({
  method: 'POST',
  body,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

describe('tokenEndpoints on Hono', () => {
  it("passes the app's own requests on in the same tick", async () => {
    const app = new Hono<{ Variables: { late: boolean } }>();
    app.use(async (c, next) => {
      // A microtask queued now runs before any promise of the endpoints could resolve.
      queueMicrotask(() => c.set('late', true));
      await next();
    });
    app.route('/', endpoints);
    app.get('/public', (c) => c.json({ late: c.get('late') === true }));
    const res = await app.request('/public');
    expect(await res.json()).toEqual({ late: false });
  });

  it('reads a body an earlier middleware read, from Hono’s copy, and still caps it', async () => {
    const app = new Hono();
    app.use(async (c, next) => {
      await c.req.text();
      await next();
    });
    app.route('/', endpoints);
    const login = await app.request('/auth/login', form('username=alice'));
    expect(login.status).toBe(200);
    expect(await login.json()).toMatchObject({ token_type: 'Bearer' });
    // No Content-Length: only the count of the copy can refuse it.
    const huge = new Request('http://127.0.0.1/auth/login', form(`username=${'x'.repeat(2000)}`));
    huge.headers.delete('content-length');
    expect((await app.request(huge)).status).toBe(413);
  });
});
