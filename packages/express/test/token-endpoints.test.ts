/**
 * The Express lifting of the token endpoints, beyond the conformance rows: a body that
 * `express.urlencoded()` already read is used as parsed, and the app's own routes find
 * their body unread.
 */
import { createMemoryStore } from '@jwt-guard/core/store';
import { createTokenIssuer } from '@jwt-guard/issuer';
import express from 'express';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { tokenEndpoints } from '../src/index.js';

const tokens = createTokenIssuer({
  issuer: 'http://127.0.0.1',
  audience: 'https://api.example.com',
  store: createMemoryStore(),
  keys: { encryptionSecret: 'an-express-test-secret-of-at-least-32-bytes', schedule: false },
});
const endpoints = tokenEndpoints(tokens, {
  authenticate: ({ body }) => (body.username === 'alice' ? { sub: 'alice' } : undefined),
});

describe('tokenEndpoints on Express', () => {
  it('logs in with a form body that express.urlencoded() already parsed', async () => {
    const app = express();
    app.use(express.urlencoded({ extended: false }));
    app.use(endpoints);
    const res = await supertest(app).post('/auth/login').type('form').send({ username: 'alice' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', refresh_token: expect.any(String) });
  });

  it("leaves the body of the app's own routes unread, for the app's parser after it", async () => {
    const app = express();
    app.use(endpoints);
    app.use(express.urlencoded({ extended: false }));
    app.post('/orders', (req, res) => {
      res.json(req.body);
    });
    const res = await supertest(app).post('/orders').type('form').send({ item: 'book' });
    expect(res.body).toEqual({ item: 'book' });
  });
});
