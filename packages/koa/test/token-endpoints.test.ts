/**
 * The Koa lifting of the token endpoints, beyond the conformance rows: the app's own
 * requests go on in the same tick, and an empty answer carries only the headers it was
 * given (no Content-Type of Koa's).
 */
import { createMemoryStore } from '@jwt-guard/core/store';
import { createTokenIssuer } from '@jwt-guard/issuer';
import Koa from 'koa';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { tokenEndpoints } from '../src/index.js';

const tokens = createTokenIssuer({
  issuer: 'http://127.0.0.1',
  audience: 'https://api.example.com',
  store: createMemoryStore(),
  keys: { encryptionSecret: 'a-koa-test-secret-of-at-least-32-bytes-long', schedule: false },
});
const endpoints = tokenEndpoints(tokens, {
  authenticate: ({ body }) => (body.username === 'alice' ? { sub: 'alice' } : undefined),
});

describe('tokenEndpoints on Koa', () => {
  it("passes the app's own requests on in the same tick", async () => {
    const app = new Koa();
    app.use((ctx, next) => {
      // A microtask queued now runs before any promise of the endpoints could resolve.
      queueMicrotask(() => {
        ctx.state.late = true;
      });
      return next();
    });
    app.use(endpoints);
    app.use((ctx) => {
      ctx.body = { late: ctx.state.late === true };
    });
    const res = await supertest(app.callback()).get('/public');
    expect(res.body).toEqual({ late: false });
  });

  it('answers logout 204 and revoke 200 with no body and no Content-Type', async () => {
    const app = new Koa();
    app.use(endpoints);
    for (const [path, status] of [
      ['/auth/logout', 204],
      ['/auth/revoke', 200],
    ] as const) {
      const res = await supertest(app.callback())
        .post(path)
        .type('form')
        .send({ refresh_token: 'jgr_unknown', token: 'jgr_unknown' });
      expect(res.status).toBe(status);
      expect(res.text).toBe('');
      expect(res.headers['content-type']).toBeUndefined();
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });
});
