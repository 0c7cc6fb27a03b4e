/**
 * The Workers revocation feed in workerd (through miniflare), end to end: two Worker
 * instances, each its own isolate with its own mirror, run a Hono app whose deny list
 * follows one JwtGuardRevocationObject by a short poll. A token revoked through one is
 * refused by the other within the poll interval; the steady path asks the object nothing
 * per request; with the object failing past the staleness bound the check fails closed
 * (503 with Retry-After), and it recovers when the object serves again.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDGE_BUILD_OPTIONS } from '../edge/bundle.js';
import { type ChildServer, startChildServer } from '../edge/child-server.js';
import { node22Binary } from '../edge/runtime-binaries.js';

const ENTRY = fileURLToPath(new URL('./workerd-revocation-feed-entry.ts', import.meta.url));
const LAUNCHER = fileURLToPath(new URL('../edge/miniflare-launcher.ts', import.meta.url));
const ISSUER = 'https://id.example/';
const SECRET = crypto
  .getRandomValues(new Uint8Array(32))
  .reduce((text, byte) => text + byte.toString(16).padStart(2, '0'), '');
const POLL_MS = 300;
const MAX_STALENESS_MS = 2_000;

let dir: string | undefined;
let worker: ChildServer | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jwt-guard-do-feed-workerd-'));
  const script = join(dir, 'worker.js');
  await build({ ...EDGE_BUILD_OPTIONS, entryPoints: [ENTRY], outfile: script });
  const { NODE_OPTIONS: _dropped, ...env } = process.env;
  const vars = { ISSUER, SECRET, POLL_MS, MAX_STALENESS_MS };
  worker = await startChildServer(
    node22Binary(),
    [
      LAUNCHER,
      ...['--script', script, '--compatibility-date', '2026-07-01', '--peer'],
      ...['--durable-object', 'REVOCATIONS=FailableRevocationObject'],
      ...Object.entries(vars).flatMap(([name, value]) => ['--var', `${name}=${value}`]),
    ],
    { cwd: dir, env: { ...env, TMPDIR: dir, DO_NOT_TRACK: '1' } },
  );
}, 30_000);
afterAll(async () => {
  await worker?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

let counter = 0;
async function token(): Promise<string> {
  return new SignJWT({ sub: 'alice' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience('api')
    .setJti(`jti-${++counter}-${Date.now()}`)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(SECRET));
}

/** A request through instance `a` or `b` (each its own isolate). */
function call(instance: 'a' | 'b', path: string, bearer?: string, method = 'GET') {
  const headers = bearer === undefined ? undefined : { authorization: `Bearer ${bearer}` };
  return fetch(`${worker!.base}${instance === 'b' ? '/b' : ''}${path}`, { method, headers });
}
const status = async (instance: 'a' | 'b', bearer: string) => {
  const response = await call(instance, '/api/me', bearer);
  await response.arrayBuffer();
  return response.status;
};
const served = async () =>
  ((await (await call('a', '/object/count')).json()) as { served: number }).served;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the Durable Object revocation feed in workerd', () => {
  it('has a token revoked through one isolate refused by the other within the poll interval', async () => {
    const bearer = await token();
    // Each isolate's first request waits for the full load: one request to the object.
    for (const instance of ['a', 'b'] as const) {
      const first = await call(instance, '/api/me', bearer);
      expect(first.status).toBe(200);
      expect(first.headers.get('x-object-requests')).toBe('1');
    }
    const revoked = await call('a', '/api/revoke', bearer, 'POST');
    expect(revoked.status).toBe(204);
    const revokedAt = Date.now();
    expect(await status('a', bearer)).toBe(401);
    let answer = await status('b', bearer);
    while (answer === 200 && Date.now() - revokedAt < 10_000) {
      await sleep(20);
      answer = await status('b', bearer);
    }
    expect(answer).toBe(401);
    // A poll is due at most POLL_MS after the last; the request after it reads the change.
    // The margin covers the two requests' own time on a shared machine.
    expect(Date.now() - revokedAt).toBeLessThan(POLL_MS + 700);
    const other = await token();
    expect(await status('b', other)).toBe(200);
  });

  it('asks the object nothing per request on the steady path: at most one poll per interval', async () => {
    const bearer = await token();
    await status('a', bearer);
    await status('b', bearer);
    const before = await served();
    const started = Date.now();
    const perRequest: string[] = [];
    for (let i = 0; i < 30; i++) {
      const response = await call(i % 2 === 0 ? 'a' : 'b', '/api/me', bearer);
      expect(response.status).toBe(200);
      await response.arrayBuffer();
      perRequest.push(response.headers.get('x-object-requests') ?? 'missing');
    }
    const elapsed = Date.now() - started;
    const operations = (await served()) - before;
    // Two isolates, each starting at most one poll per interval (a poll just due counts once
    // more), and the object may also count a poll each had in flight before the first count.
    const polls = 2 * (Math.floor(elapsed / POLL_MS) + 1);
    expect(operations).toBeLessThanOrEqual(polls + 2);
    expect(operations).toBeLessThan(30);
    // The steady path asks the object nothing; a request that starts a poll, one request.
    expect(perRequest.every((count) => count === '0' || count === '1')).toBe(true);
    expect(perRequest.filter((count) => count === '0').length).toBeGreaterThanOrEqual(30 - polls);
    expect(perRequest.filter((count) => count === '0').length).toBeGreaterThan(0);
  });

  it('fails closed with 503 and Retry-After once the object has failed past the bound, then recovers', async () => {
    const kept = await token();
    const revoked = await token();
    expect(await status('b', revoked)).toBe(200);
    expect((await call('a', '/api/revoke', revoked, 'POST')).status).toBe(204);
    expect((await call('a', '/object/fail', undefined, 'POST')).status).toBe(204);
    // Within the bound the mirror still answers, though its polls fail.
    expect(await status('a', kept)).toBe(200);
    await sleep(MAX_STALENESS_MS + 300);
    for (const instance of ['a', 'b'] as const) {
      const response = await call(instance, '/api/me', kept);
      expect(response.status).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await response.text()).not.toContain(kept);
    }
    expect((await call('a', '/object/recover', undefined, 'POST')).status).toBe(204);
    // A failed poll is retried once per interval, never per request (no storm on the object);
    // the first request after it waits for the poll (a full reload) and is answered.
    await sleep(POLL_MS);
    expect(await status('a', kept)).toBe(200);
    expect(await status('b', kept)).toBe(200);
    expect(await status('b', revoked)).toBe(401);
  });
});
