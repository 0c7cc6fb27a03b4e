/**
 * The NestJS guide's before (@nestjs/passport, passport-jwt, jwks-rsa) and after
 * (@jwt-guard/nestjs) apps, each served by `app.listen(0)` against one test issuer: the same
 * request gets the same status, except where the guide says they differ.
 */

import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp as createAfter } from './after-nestjs.js';
import { createApp as createBefore } from './before-nestjs-passport-jwt.js';

let issuer: TestIssuer;
const apps: INestApplication[] = [];

async function serve(app: INestApplication) {
  apps.push(app);
  await app.listen(0, '127.0.0.1');
  const base = await app.getUrl();
  return (path: string, token?: string) =>
    fetch(`${base}${path}`, {
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });
}

beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['RS256'] });
});
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await issuer.close();
});

describe('migrating from @nestjs/passport with passport-jwt and jwks-rsa', () => {
  it('answers the same request the same way before and after', async () => {
    const [sendBefore, sendAfter] = await Promise.all([
      serve(await createBefore(issuer)),
      serve(await createAfter(issuer)),
    ]);
    const valid = await issuer.mint({ claims: { scope: 'read:orders' } });
    const expired = await issuer.mint({ expiresIn: -600 });
    for (const [token, status] of [
      [valid, 200],
      [expired, 401],
      [undefined, 401],
    ] as const) {
      const [b, a] = await Promise.all([sendBefore('/me', token), sendAfter('/me', token)]);
      expect([b.status, a.status]).toEqual([status, status]);
      if (status === 200) expect(await a.json()).toEqual(await b.json());
    }
  });

  it('differs where the guide says: tokens without exp, clock skew, the challenge', async () => {
    const [sendBefore, sendAfter] = await Promise.all([
      serve(await createBefore(issuer)),
      serve(await createAfter(issuer)),
    ]);
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
