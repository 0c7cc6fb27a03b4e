/**
 * The Fastify migration guide's before and after examples (@fastify/jwt with get-jwks, and
 * fastify-jwt-jwks), each on Fastify's own listener against one test issuer: the same request
 * gets the same status from the peer's app and from ours, except where the guide says.
 */
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as afterFastifyJwt from './after-fastify-jwt.js';
import * as afterJwks from './after-fastify-jwt-jwks.js';
import * as beforeFastifyJwt from './before-fastify-jwt.js';
import * as beforeJwks from './before-fastify-jwt-jwks.js';
import type { IssuerTarget } from './target.js';

type Send = (path: string, token?: string) => Promise<Response>;
type Build = (target: IssuerTarget) => Promise<FastifyInstance>;

const apps: FastifyInstance[] = [];

async function serve(build: Build, target: IssuerTarget): Promise<Send> {
  const app = await build(target);
  apps.push(app);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return (path, token) =>
    fetch(`${base}${path}`, {
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });
}

const pairs = [
  { name: '@fastify/jwt + get-jwks', before: beforeFastifyJwt, after: afterFastifyJwt },
  { name: 'fastify-jwt-jwks', before: beforeJwks, after: afterJwks },
] as const;

let issuer: TestIssuer;

beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['RS256'] });
});

afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await issuer.close();
});

describe.each(pairs)('migrating from $name', ({ before, after }) => {
  it('answers the same request the same way before and after', async () => {
    const [sendBefore, sendAfter] = [
      await serve(before.createApp, issuer),
      await serve(after.createApp, issuer),
    ];
    const valid = await issuer.mint({ claims: { scope: 'read:orders' } });
    const expired = await issuer.mint({ expiresIn: -600 });
    for (const { token, status } of [
      { token: valid, status: 200 },
      { token: expired, status: 401 },
      { token: undefined, status: 401 },
    ]) {
      const [b, a] = await Promise.all([sendBefore('/me', token), sendAfter('/me', token)]);
      expect([b.status, a.status]).toEqual([status, status]);
      if (status === 200) expect(await a.json()).toEqual(await b.json());
    }
  });

  it('differs where the guide says: tokens without exp, clock skew, the challenge', async () => {
    const [sendBefore, sendAfter] = [
      await serve(before.createApp, issuer),
      await serve(after.createApp, issuer),
    ];
    const statuses = async (token: string) => {
      const [b, a] = await Promise.all([sendBefore('/me', token), sendAfter('/me', token)]);
      return [b.status, a.status];
    };
    expect(await statuses(await issuer.mint({ omit: ['exp'] }))).toEqual([200, 401]);
    expect(await statuses(await issuer.mint({ expiresIn: -2 }))).toEqual([401, 200]);
    const [b, a] = await Promise.all([sendBefore('/me'), sendAfter('/me')]);
    expect([b.headers.get('www-authenticate'), a.headers.get('www-authenticate')]).toEqual([
      null,
      'Bearer realm="api"',
    ]);
  });
});

describe('migrating from fastify-jwt-jwks: public routes', () => {
  it('stay public before and after', async () => {
    for (const build of [beforeJwks.createApp, afterJwks.createApp]) {
      const send = await serve(build, issuer);
      expect((await send('/health')).status).toBe(200);
    }
  });
});
