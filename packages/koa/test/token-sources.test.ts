/**
 * The optional token sources through Koa (SECURITY.md, The request; RFC 6750 §2.2, §2.3):
 * cookie, form-body field and query parameter each carry a token only when their option
 * is on; while off they are ignored (401, bare challenge); two methods at once are 400.
 */

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import type { OwnVerifierOptions } from '@jwt-guard/core';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import Router from '@koa/router';
import Koa from 'koa';
import supertest from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jwtAuth } from '../src/index.js';

let issuer: TestIssuer;
let server: Server;
let token: string;
let ran: string[] = [];

/**
 * What a Koa body parser (`@koa/bodyparser`) leaves in `ctx.request.body`: form fields,
 * a repeated one as an array, and JSON objects as they are.
 */
const parseBody: Koa.Middleware = async (ctx, next) => {
  const type = ctx.is('urlencoded', 'json');
  if (type) {
    const raw = await text(ctx.req);
    const body: Record<string, unknown> = {};
    if (type === 'json') Object.assign(body, JSON.parse(raw));
    for (const [name, value] of type === 'urlencoded' ? new URLSearchParams(raw) : []) {
      const seen = body[name];
      body[name] = seen === undefined ? value : [seen, value].flat();
    }
    (ctx.request as { body?: unknown }).body = body;
  }
  await next();
};

const SOURCES = ['cookie', 'query', 'form'] as const;
type Method = 'header' | (typeof SOURCES)[number];
const OPTIONS: Record<'off' | 'all' | (typeof SOURCES)[number], Partial<OwnVerifierOptions>> = {
  off: {},
  cookie: { token: { fromCookie: 'jwt' } },
  query: { token: { fromQuery: true } },
  form: { token: { fromFormBody: true } },
  all: { token: { fromCookie: 'jwt', fromQuery: true, fromFormBody: true } },
};

beforeAll(async () => {
  issuer = await createTestIssuer();
  token = await issuer.mint({ alg: 'EdDSA', claims: { sub: 'dave' } });
  const router = new Router();
  for (const [name, options] of Object.entries(OPTIONS)) {
    const auth = jwtAuth({ issuer: issuer.issuer, audience: issuer.audience, ...options });
    router.all(`/${name}`, auth, (ctx) => {
      ran.push(name);
      ctx.body = { sub: ctx.state.auth.payload.sub };
    });
  }
  const app = new Koa();
  app.silent = true;
  app.use(parseBody).use(router.routes());
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
});
afterAll(async () => {
  server.close();
  await issuer.close();
});
beforeEach(() => {
  ran = [];
});

const agent = () => supertest(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);

/** Sends the token to `/<route>` by every one of `methods`. */
function send(route: keyof typeof OPTIONS, methods: Method[]) {
  const query = methods.includes('query') ? `?access_token=${token}` : '';
  const req = methods.includes('form')
    ? agent().post(`/${route}${query}`).type('form').send({ access_token: token, other: 'x' })
    : agent().get(`/${route}${query}`);
  if (methods.includes('cookie')) req.set('Cookie', `jwt=${token}; lang=en`);
  if (methods.includes('header')) req.set('Authorization', `Bearer ${token}`);
  return req;
}

const answer = (res: supertest.Response) => ({
  status: res.status,
  challenge: res.headers['www-authenticate'],
  sub: res.body?.sub,
});
const BARE = { status: 401, challenge: 'Bearer realm="api"', sub: undefined };
const TWO = {
  status: 400,
  challenge:
    'Bearer realm="api", error="invalid_request", error_description="More than one access token was presented"',
  sub: undefined,
};

describe('optional token sources in @jwt-guard/koa', () => {
  it.each(SOURCES)(
    '%s: accepted where its option is on, ignored (401) everywhere else',
    async (source) => {
      for (const route of ['off', 'all', ...SOURCES] as const) {
        const on = route === source || route === 'all';
        const expected = on ? { status: 200, challenge: undefined, sub: 'dave' } : BARE;
        expect({ route, ...answer(await send(route, [source])) }).toEqual({ route, ...expected });
      }
      expect(ran.sort()).toEqual(['all', source].sort());
    },
  );

  it('takes the form field only from an application/x-www-form-urlencoded body', async () => {
    const json = await agent().post('/form').send({ access_token: token });
    expect(answer(json)).toEqual(BARE);
    const formWithCharset = await agent()
      .post('/form')
      .set('Content-Type', 'application/x-www-form-urlencoded;charset=UTF-8')
      .send(`access_token=${token}`);
    expect(answer(formWithCharset).sub).toBe('dave');
  });

  it('ignores an off cookie or form field beside a header token', async () => {
    expect(answer(await send('off', ['header', 'cookie'])).sub).toBe('dave');
    expect(answer(await send('off', ['header', 'form'])).sub).toBe('dave');
  });

  // Every two of the four methods.
  const pairs = (['header', ...SOURCES] as const).flatMap((first, i, all) =>
    all.slice(i + 1).map((second): Method[] => [first, second]),
  );

  it.each(pairs)(
    'refuses a token by %s and by %s: 400 invalid_request, handler not run',
    async (...methods) => {
      expect(answer(await send('all', methods))).toEqual(TWO);
      expect(ran).toEqual([]);
    },
  );

  it.each([
    [
      'form field',
      () => agent().post('/form').type('form').send(`access_token=${token}&access_token=${token}`),
    ],
    ['query parameter', () => agent().get(`/query?access_token=${token}&access%5Ftoken=${token}`)],
    ['cookie', () => agent().get('/cookie').set('Cookie', `jwt=${token}; jwt=${token}`)],
  ])('refuses a repeated %s as two tokens', async (_, request) => {
    expect(answer(await request())).toEqual(TWO);
    expect(ran).toEqual([]);
  });
});
