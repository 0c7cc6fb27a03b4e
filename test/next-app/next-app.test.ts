/**
 * A production build of the fixture Next.js app (`next build`, then `next start`) serving
 * the smoke rows over HTTP, on a Node route and an Edge route alike: 200 with a valid
 * token, 401 with the bare challenge without one, 401 for a bad signature, 403
 * `insufficient_scope`, and 503 with Retry-After when the issuer cannot be reached.
 */
import { fileURLToPath } from 'node:url';
import { createTestIssuer, freePort, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NextServer, nextBuild, nextServe } from './next-server.js';

const FIXTURE = fileURLToPath(new URL('.', import.meta.url));
// Two cores shared with other work: the build stays far below this (see the log line).
const BUILD_BUDGET_MS = 5 * 60_000;

let issuer: TestIssuer;
let server: NextServer | undefined;
let downIssuer: string;

beforeAll(async () => {
  issuer = await createTestIssuer();
  // Nothing listens there: its keys cannot be had.
  downIssuer = `http://127.0.0.1:${await freePort()}/`;
  const env = {
    JWT_ISSUER: issuer.issuer,
    JWT_AUDIENCE: issuer.audience,
    JWT_DOWN_ISSUER: downIssuer,
  };
  const buildMs = await nextBuild(FIXTURE, env);
  console.log(`next build of the fixture: ${Math.round(buildMs / 1000)} s`);
  expect(buildMs).toBeLessThan(BUILD_BUDGET_MS);
  server = await nextServe(FIXTURE, env);
}, BUILD_BUDGET_MS + 60_000);

afterAll(async () => {
  await server?.stop();
  await issuer?.close();
});

const get = async (path: string, token?: string) => {
  const response = await fetch(`${server!.base}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return {
    status: response.status,
    challenge: response.headers.get('www-authenticate'),
    retryAfter: response.headers.get('retry-after'),
    body: await response.text(),
  };
};

const SCOPE_REFUSED =
  'Bearer realm="api", error="insufficient_scope", error_description="The access token lacks a required scope", scope="read:messages"';
const BAD_SIGNATURE =
  'Bearer realm="api", error="invalid_token", error_description="The access token signature is invalid"';

describe.each([
  ['nodejs', '/api/messages'],
  ['edge', '/api/edge/messages'],
])('next start: a route on the %s runtime', (runtime, path) => {
  it('answers 200 with a valid token, from the protected handler', async () => {
    const token = await issuer.mint({ claims: { scope: 'read:messages' } });
    const answer = await get(path, token);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ sub: 'user-123', runtime });
  });

  it('answers 401 with the bare challenge without a token', async () => {
    expect(await get(path)).toMatchObject({
      status: 401,
      challenge: 'Bearer realm="api"',
      body: 'Authentication is required',
    });
  });

  it('answers 401 invalid_token for a bad signature', async () => {
    const [header, payload] = (await issuer.mint({ claims: { scope: 'read:messages' } })).split(
      '.',
    );
    expect(await get(path, `${header}.${payload}.${'A'.repeat(86)}`)).toMatchObject({
      status: 401,
      challenge: BAD_SIGNATURE,
      body: 'The access token signature is invalid',
    });
  });

  it('answers 403 insufficient_scope for a token without the scope', async () => {
    const token = await issuer.mint({ claims: { scope: 'write:messages' } });
    expect(await get(path, token)).toMatchObject({
      status: 403,
      challenge: SCOPE_REFUSED,
      body: 'The access token lacks a required scope',
    });
  });
});

describe('next start: an issuer that cannot be reached', () => {
  it('answers 503 with Retry-After, and no challenge', async () => {
    const token = await issuer.mint({ claims: { iss: downIssuer } });
    expect(await get('/api/down', token)).toEqual({
      status: 503,
      challenge: null,
      retryAfter: expect.stringMatching(/^\d+$/),
      body: 'Service Unavailable',
    });
  });
});
