/**
 * The optional token sources through Express (SECURITY.md, The request; RFC 6750 §2.2,
 * §2.3): a cookie, a form-body field and a query parameter each carry a token only when
 * their option is on; while off they are ignored (no credentials: 401, bare challenge),
 * and a token by two methods at once is 400 `invalid_request`.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import express from 'express';
import supertest from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jwtAuth } from '../src/index.js';

let issuer: TestIssuer;
let server: Server;
let base: string;
let token: string;
let ran: string[] = [];

/** The route each option set guards: `/off` has none of the optional sources. */
const ROUTES = {
  off: {},
  cookie: { token: { fromCookie: 'access_token' } },
  query: { token: { fromQuery: true } },
  form: { token: { fromFormBody: true } },
  all: { token: { fromCookie: 'access_token', fromQuery: true, fromFormBody: true } },
} as const;
type Route = keyof typeof ROUTES;

beforeAll(async () => {
  issuer = await createTestIssuer();
  token = await issuer.mint({ claims: { sub: 'carol' } });
  const app = express();
  // Both parsers: a JSON body has a parsed `access_token` too, which must not count.
  app.use(express.urlencoded({ extended: false }), express.json());
  for (const [route, options] of Object.entries(ROUTES)) {
    app.all(
      `/${route}`,
      jwtAuth({ issuer: issuer.issuer, audience: issuer.audience, ...options }),
      (req, res) => {
        ran.push(route);
        res.json({ sub: req.auth?.payload.sub });
      },
    );
  }
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.close();
  await issuer.close();
});
beforeEach(() => {
  ran = [];
});

/** A request to `route` presenting the token by each of `methods`. */
function present(route: Route, ...methods: ('header' | 'cookie' | 'query' | 'form')[]) {
  const path = methods.includes('query') ? `/${route}?access_token=${token}` : `/${route}`;
  let req = methods.includes('form')
    ? supertest(base).post(path).type('form').send(`access_token=${token}`)
    : supertest(base).get(path);
  if (methods.includes('cookie')) req = req.set('Cookie', `theme=dark; access_token=${token}`);
  if (methods.includes('header')) req = req.set('Authorization', `Bearer ${token}`);
  return req;
}

const SOURCES = ['cookie', 'query', 'form'] as const;
const BARE = 'Bearer realm="api"';
const TWO_TOKENS =
  'Bearer realm="api", error="invalid_request", error_description="More than one access token was presented"';

describe('optional token sources in @jwt-guard/express', () => {
  it.each(SOURCES)('accepts a token by %s when its option is on', async (source) => {
    for (const route of [source, 'all'] as const) {
      const res = await present(route, source);
      expect([route, res.status, res.body]).toEqual([route, 200, { sub: 'carol' }]);
    }
    expect(ran).toEqual([source, 'all']);
  });

  it.each(SOURCES)(
    'ignores a token by %s while its option is off: 401, bare challenge',
    async (source) => {
      const off = (['off', ...SOURCES] as const).filter((route) => route !== source);
      for (const route of off) {
        const res = await present(route, source);
        expect([route, res.status, res.headers['www-authenticate']]).toEqual([route, 401, BARE]);
      }
      expect(ran).toEqual([]);
    },
  );

  it('reads the form body only when it is application/x-www-form-urlencoded', async () => {
    const json = await supertest(base).post('/form').send({ access_token: token });
    expect([json.status, json.headers['www-authenticate']]).toEqual([401, BARE]);
    const withCharset = await supertest(base)
      .post('/form')
      .set('Content-Type', 'application/x-www-form-urlencoded; charset=utf-8')
      .send(`access_token=${token}`);
    expect([withCharset.status, withCharset.body]).toEqual([200, { sub: 'carol' }]);
    expect(ran).toEqual(['form']);
  });

  it('lets a header token through beside a cookie or form field whose option is off', async () => {
    for (const source of ['cookie', 'form'] as const) {
      const res = await present('off', 'header', source);
      expect([source, res.status]).toEqual([source, 200]);
    }
    expect(ran).toEqual(['off', 'off']);
  });

  const METHODS = ['header', ...SOURCES] as const;
  const PAIRS = METHODS.flatMap((first, i) =>
    METHODS.slice(i + 1).map((second) => [first, second]),
  );

  it.each(PAIRS)('answers a token by %s and %s 400 invalid_request', async (first, second) => {
    const res = await present('all', first, second);
    expect([res.status, res.headers['www-authenticate']]).toEqual([400, TWO_TOKENS]);
    expect(ran).toEqual([]);
  });

  it.each([
    [
      'query parameter',
      () => supertest(base).get(`/query?access_token=${token}&access_token=${token}`),
    ],
    [
      'query parameter, once URL-encoded',
      () => supertest(base).get(`/query?access%5Ftoken=${token}&access_token=${token}`),
    ],
    [
      'form field',
      () =>
        supertest(base)
          .post('/form')
          .type('form')
          .send(`access_token=${token}&access_token=${token}`),
    ],
    [
      'cookie',
      () =>
        supertest(base)
          .get('/cookie')
          .set('Cookie', `access_token=${token}; access_token=${token}`),
    ],
  ])('counts a repeated %s as two tokens: 400 invalid_request', async (_, request) => {
    const res = await request();
    expect([res.status, res.headers['www-authenticate']]).toEqual([400, TWO_TOKENS]);
    expect(ran).toEqual([]);
  });
});
