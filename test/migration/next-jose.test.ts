/**
 * The Next.js guide's before and after route handlers (`docs/migration/next-jose.md`),
 * called as Next calls them, with real `Request`s, against one test issuer: the same
 * answers where the guide says so, and the differences it lists.
 */
import { createTestIssuer, freePort, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as after from './after-next-jose.js';
import * as before from './before-next-jose.js';
import type { IssuerTarget } from './target.js';

let issuer: TestIssuer;

beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['RS256'] });
});
afterAll(() => issuer.close());

const context = { params: Promise.resolve({}) };
const request = (token?: string) =>
  new Request('http://127.0.0.1:3000/api/me', {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });

function routes(target: IssuerTarget) {
  const { GET: beforeGet } = before.createRoute(target);
  const { GET: afterGet } = after.createRoute(target);
  return async (token?: string) =>
    Promise.all([beforeGet(request(token)), afterGet(request(token), context)]);
}

describe('migrating a Next.js route handler from hand-written jose checks', () => {
  it('answers a valid, an expired and a missing token the same way before and after', async () => {
    const call = routes(issuer);
    const [validBefore, validAfter] = await call(await issuer.mint());
    expect([validBefore.status, validAfter.status]).toEqual([200, 200]);
    expect(await validAfter.json()).toEqual(await validBefore.json());
    for (const token of [await issuer.mint({ expiresIn: -600 }), undefined]) {
      const [b, a] = await call(token);
      expect([b.status, a.status]).toEqual([401, 401]);
    }
  });

  it('differs where the guide says: the challenge, exp, clock skew, and an issuer outage', async () => {
    const call = routes(issuer);
    const [plainBefore, plainAfter] = await call(undefined);
    expect(plainBefore.headers.get('www-authenticate')).toBeNull();
    expect(plainAfter.headers.get('www-authenticate')).toBe('Bearer realm="api"');

    const statuses = async (token: string) =>
      (await call(token)).map((response) => response.status);
    expect(await statuses(await issuer.mint({ omit: ['exp'] }))).toEqual([200, 401]);
    expect(await statuses(await issuer.mint({ expiresIn: -2 }))).toEqual([401, 200]);

    const down = `http://127.0.0.1:${await freePort()}/`;
    const outage = routes({ issuer: down, audience: issuer.audience, jwksUri: `${down}jwks` });
    const [b, a] = await outage(await issuer.mint({ claims: { iss: down } }));
    expect([b.status, a.status]).toEqual([401, 503]);
    expect(a.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
