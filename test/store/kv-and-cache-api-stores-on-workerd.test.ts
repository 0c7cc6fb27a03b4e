/**
 * `createKvStore` and `createCacheApiStore` on real workerd bindings (a KV namespace and
 * `caches.default`, through miniflare), not on hand-written fakes: values round-trip, prefixes
 * keep entries apart, times to live shorter than KV's 60-second minimum are honoured to the
 * millisecond, neither pretends to an atomic `setIfAbsent`, and a key set one cold verifier
 * fetched serves the next from the binding.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDGE_BUILD_OPTIONS } from '../edge/bundle.js';
import { type ChildServer, startChildServer } from '../edge/child-server.js';
import { node22Binary } from '../edge/runtime-binaries.js';

const ENTRY = fileURLToPath(new URL('./workerd-store-entry.ts', import.meta.url));
const LAUNCHER = fileURLToPath(new URL('../edge/miniflare-launcher.ts', import.meta.url));

let issuer: TestIssuer;
let dir: string | undefined;
let worker: ChildServer | undefined;

beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['ES256'] });
  dir = await mkdtemp(join(tmpdir(), 'jwt-guard-stores-workerd-'));
  const script = join(dir, 'worker.js');
  await build({ ...EDGE_BUILD_OPTIONS, entryPoints: [ENTRY], outfile: script });
  const { NODE_OPTIONS: _dropped, ...env } = process.env;
  worker = await startChildServer(
    node22Binary(),
    [
      LAUNCHER,
      ...['--script', script, '--compatibility-date', '2026-07-01'],
      ...['--kv-namespace', 'STORE_KV'],
      ...['--var', `ISSUER=${issuer.issuer}`, '--var', `AUDIENCE=${issuer.audience}`],
    ],
    // Miniflare's temporary files go where afterAll removes them.
    { cwd: dir, env: { ...env, TMPDIR: dir, DO_NOT_TRACK: '1' } },
  );
}, 30_000);
afterAll(async () => {
  await worker?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
  await issuer?.close();
});

type Answer = { ok: true; result: unknown } | { ok: false; name?: string; code?: string };

/** One store operation inside workerd. */
async function call(
  backend: 'kv' | 'cache',
  operation: { op: string; key: string; value?: string; ttlMs?: number; prefix?: string },
): Promise<Answer> {
  const response = await fetch(`${worker!.base}/${backend}/op`, {
    method: 'POST',
    body: JSON.stringify(operation),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Answer;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(['kv', 'cache'] as const)('the %s store on its workerd binding', (backend) => {
  const key = (name: string) => `${backend}-${name}`;

  it('returns what was set, the latest value, and nothing for a key never set', async () => {
    expect(await call(backend, { op: 'set', key: key('a'), value: 'one', ttlMs: 60_000 })).toEqual({
      ok: true,
      result: null,
    });
    expect(await call(backend, { op: 'get', key: key('a') })).toEqual({ ok: true, result: 'one' });
    const json = '{"keys":[{"kty":"EC","crv":"P-256"}],"note":"ü ✓ 1:2"}';
    await call(backend, { op: 'set', key: key('a'), value: json, ttlMs: 60_000 });
    expect(await call(backend, { op: 'get', key: key('a') })).toEqual({ ok: true, result: json });
    expect(await call(backend, { op: 'get', key: key('never-set') })).toEqual({
      ok: true,
      result: null,
    });
  });

  it('keeps prefixes apart, with jwt-guard: as the default', async () => {
    await call(backend, { op: 'set', key: key('p'), value: 'a', ttlMs: 60_000, prefix: 'a:' });
    await call(backend, { op: 'set', key: key('p'), value: 'b', ttlMs: 60_000, prefix: 'b:' });
    expect(await call(backend, { op: 'get', key: key('p'), prefix: 'a:' })).toEqual({
      ok: true,
      result: 'a',
    });
    expect(await call(backend, { op: 'get', key: key('p'), prefix: 'b:' })).toEqual({
      ok: true,
      result: 'b',
    });
    expect(await call(backend, { op: 'get', key: key('p') })).toEqual({ ok: true, result: null });
    await call(backend, { op: 'set', key: key('d'), value: 'd', ttlMs: 60_000 });
    expect(await call(backend, { op: 'get', key: key('d'), prefix: 'jwt-guard:' })).toEqual({
      ok: true,
      result: 'd',
    });
  });

  it('forgets an entry once its time to live has passed, to the millisecond', async () => {
    await call(backend, { op: 'set', key: key('short'), value: 'x', ttlMs: 1_200 });
    expect(await call(backend, { op: 'get', key: key('short') })).toEqual({
      ok: true,
      result: 'x',
    });
    await sleep(1_500);
    expect(await call(backend, { op: 'get', key: key('short') })).toEqual({
      ok: true,
      result: null,
    });
  });

  it('refuses setIfAbsent with ERR_STORE_NOT_ATOMIC rather than pretend, and stores nothing', async () => {
    const answer = await call(backend, {
      op: 'setIfAbsent',
      key: key('jti'),
      value: '1',
      ttlMs: 60_000,
    });
    expect(answer).toEqual({ ok: false, name: 'StoreError', code: 'ERR_STORE_NOT_ATOMIC' });
    expect(await call(backend, { op: 'get', key: key('jti') })).toEqual({ ok: true, result: null });
  });

  it('refuses a time to live that is not a positive number', async () => {
    for (const ttlMs of [0, -1]) {
      const answer = await call(backend, { op: 'set', key: key('ttl'), value: 'v', ttlMs });
      expect(answer).toEqual({ ok: false, name: 'TypeError' });
    }
  });

  it('a key set one cold verifier fetched serves the next from the binding', async () => {
    const token = await issuer.mint();
    const before = issuer.requests.jwks;
    for (let isolate = 0; isolate < 3; isolate += 1) {
      const response = await fetch(`${worker!.base}/${backend}/verify`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(await response.json()).toEqual({ ok: true });
    }
    expect(issuer.requests.jwks - before).toBe(1);
  });
});

describe('KV under the store', () => {
  it('rounds a short time to live up to KV’s 60-second minimum, the expiry kept beside the value', async () => {
    const before = Date.now();
    await call('kv', { op: 'set', key: 'raw', value: 'v', ttlMs: 5_000 });
    const answer = await call('kv', { op: 'raw', key: 'jwt-guard:raw' });
    expect(answer.ok).toBe(true);
    const { value, expiration } = (answer as { result: { value: string; expiration: number } })
      .result;
    // KV's own expiration (seconds) is at least a minute away; the envelope says 5 s.
    expect(expiration * 1000).toBeGreaterThanOrEqual(before + 59_000);
    const colon = value.indexOf(':');
    const [expiresAtMs, stored] = [Number(value.slice(0, colon)), value.slice(colon + 1)];
    expect(stored).toBe('v');
    expect(expiresAtMs).toBeGreaterThanOrEqual(before + 5_000);
    expect(expiresAtMs).toBeLessThan(before + 60_000);
  });
});
