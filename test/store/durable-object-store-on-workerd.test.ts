/**
 * `createDurableObjectStore` and `JwtGuardStoreObject` on a real Durable Object namespace in
 * workerd (through miniflare), not on fakes: values round-trip with their times to live,
 * prefixes keep entries apart, compareAndSet and setIfAbsent have exactly one winner among
 * parallel requests, an expired entry is absent at once and removed from the object's
 * storage by its alarm, and a body that is not an operation is refused.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDGE_BUILD_OPTIONS } from '../edge/bundle.js';
import { type ChildServer, startChildServer } from '../edge/child-server.js';
import { node22Binary } from '../edge/runtime-binaries.js';

const ENTRY = fileURLToPath(new URL('./workerd-durable-object-entry.ts', import.meta.url));
const LAUNCHER = fileURLToPath(new URL('../edge/miniflare-launcher.ts', import.meta.url));

let dir: string | undefined;
let worker: ChildServer | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jwt-guard-do-store-workerd-'));
  const script = join(dir, 'worker.js');
  await build({ ...EDGE_BUILD_OPTIONS, entryPoints: [ENTRY], outfile: script });
  const { NODE_OPTIONS: _dropped, ...env } = process.env;
  worker = await startChildServer(
    node22Binary(),
    [
      LAUNCHER,
      ...['--script', script, '--compatibility-date', '2026-07-01'],
      ...['--durable-object', 'STORE=JwtGuardStoreObject'],
      ...['--durable-object', 'PEEK_STORE=PeekableStoreObject'],
    ],
    { cwd: dir, env: { ...env, TMPDIR: dir, DO_NOT_TRACK: '1' } },
  );
}, 30_000);
afterAll(async () => {
  await worker?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

type Answer = { ok: true; result: unknown } | { ok: false; name?: string; code?: string };

interface Operation {
  op: string;
  key: string;
  value?: string;
  expected?: string | null;
  ttlMs?: number;
  prefix?: string;
  peekable?: boolean;
  count?: number;
}

async function post(path: string, body: Operation): Promise<unknown> {
  const response = await fetch(`${worker!.base}${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return response.json();
}
const call = (operation: Operation) => post('/op', operation) as Promise<Answer>;
const ok = (result: unknown): Answer => ({ ok: true, result });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the Durable Object store in workerd', () => {
  it('returns what was set, the latest value, and nothing for a key never set', async () => {
    expect(await call({ op: 'set', key: 'a', value: 'one', ttlMs: 60_000 })).toEqual(ok(null));
    expect(await call({ op: 'get', key: 'a' })).toEqual(ok('one'));
    const json = '{"keys":[{"kty":"EC"}],"note":"ü ✓ 1:2"}';
    await call({ op: 'set', key: 'a', value: json, ttlMs: 60_000 });
    expect(await call({ op: 'get', key: 'a' })).toEqual(ok(json));
    expect(await call({ op: 'get', key: 'never-set' })).toEqual(ok(null));
  });

  it('compareAndSet stores only over the value expected, null meaning absent', async () => {
    const cas = (expected: string | null, value: string) =>
      call({ op: 'compareAndSet', key: 'cas', expected, value, ttlMs: 60_000 });
    expect(await cas(null, 'one')).toEqual(ok(true));
    expect(await cas(null, 'two')).toEqual(ok(false));
    expect(await cas('other', 'two')).toEqual(ok(false));
    expect(await call({ op: 'get', key: 'cas' })).toEqual(ok('one'));
    expect(await cas('one', 'two')).toEqual(ok(true));
    expect(await call({ op: 'get', key: 'cas' })).toEqual(ok('two'));
    await call({ op: 'set', key: 'empty', value: '', ttlMs: 60_000 });
    const empty = (expected: string | null) =>
      call({ op: 'compareAndSet', key: 'empty', expected, value: 'x', ttlMs: 60_000 });
    expect(await empty(null)).toEqual(ok(false));
    expect(await empty('')).toEqual(ok(true));
  });

  it('gives exactly one win to 40 compareAndSets racing inside one isolate', async () => {
    await call({ op: 'set', key: 'isolate-race', value: 'g0', ttlMs: 60_000 });
    const answer = (await post('/race', {
      op: 'compareAndSet',
      key: 'isolate-race',
      expected: 'g0',
      value: 'g1',
      ttlMs: 60_000,
      count: 40,
    })) as { ok: true; result: boolean[] };
    expect(answer.ok).toBe(true);
    expect(answer.result.filter(Boolean)).toHaveLength(1);
    const winner = answer.result.indexOf(true);
    expect(await call({ op: 'get', key: 'isolate-race' })).toEqual(ok(`g1:${winner}`));
  });

  it('gives exactly one win per round to parallel requests, over 20 rounds', async () => {
    let current: string | null = null;
    for (let round = 0; round < 20; round++) {
      const expected: string | null = current;
      const answers: Answer[] = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          call({
            op: 'compareAndSet',
            key: 'race',
            expected,
            value: `${round}:${i}`,
            ttlMs: 60_000,
          }),
        ),
      );
      const wins: boolean[] = answers.map((answer) => answer.ok && answer.result === true);
      expect(wins.filter(Boolean)).toHaveLength(1);
      current = `${round}:${wins.indexOf(true)}`;
      expect(await call({ op: 'get', key: 'race' })).toEqual(ok(current));
    }
  });

  it('setIfAbsent gives exactly one true to parallel requests', async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call({ op: 'setIfAbsent', key: 'jti', value: String(i), ttlMs: 60_000 }),
      ),
    );
    const wins: boolean[] = answers.map((answer) => answer.ok && answer.result === true);
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await call({ op: 'get', key: 'jti' })).toEqual(ok(String(wins.indexOf(true))));
  });

  it('keeps prefixes apart, and delete removes only its own key', async () => {
    await call({ op: 'set', key: 'p', value: 'a', ttlMs: 60_000, prefix: 'a:' });
    await call({ op: 'set', key: 'p', value: 'b', ttlMs: 60_000, prefix: 'b:' });
    expect(await call({ op: 'get', key: 'p', prefix: 'a:' })).toEqual(ok('a'));
    expect(await call({ op: 'get', key: 'p' })).toEqual(ok(null));
    expect(await call({ op: 'delete', key: 'p', prefix: 'a:' })).toEqual(ok(null));
    expect(await call({ op: 'get', key: 'p', prefix: 'a:' })).toEqual(ok(null));
    expect(await call({ op: 'get', key: 'p', prefix: 'b:' })).toEqual(ok('b'));
    const again = { op: 'compareAndSet', key: 'p', prefix: 'a:', expected: null, value: 'new' };
    expect(await call({ ...again, ttlMs: 60_000 })).toEqual(ok(true));
  });

  it('forgets an entry at its TTL, and its alarm removes it from the storage', async () => {
    const key = 'short';
    const base = { key, peekable: true };
    expect(
      await call({ ...base, op: 'compareAndSet', expected: null, value: 'x', ttlMs: 1_000 }),
    ).toEqual(ok(true));
    expect(await call({ ...base, op: 'get' })).toEqual(ok('x'));
    const peeked = (await post('/peek', { op: 'peek', key })) as { entry: unknown };
    expect(peeked.entry).toMatchObject({ value: 'x', expiresAt: expect.any(Number) });
    await sleep(1_300);
    expect(
      await call({ ...base, op: 'compareAndSet', expected: 'x', value: 'y', ttlMs: 1_000 }),
    ).toEqual(ok(false));
    expect(await call({ ...base, op: 'get' })).toEqual(ok(null));
    // The alarm runs at the expiry; give it a moment, then the storage holds nothing.
    const deadline = Date.now() + 5_000;
    let entry: unknown = 'still there';
    while (Date.now() < deadline && entry !== null) {
      entry = ((await post('/peek', { op: 'peek', key })) as { entry: unknown }).entry;
      if (entry !== null) await sleep(200);
    }
    expect(entry).toBeNull();
  });

  it('refuses a bad TTL with a TypeError before any request', async () => {
    for (const ttlMs of [0, -1]) {
      expect(
        await call({ op: 'compareAndSet', key: 'ttl', expected: null, value: 'v', ttlMs }),
      ).toEqual({ ok: false, name: 'TypeError' });
    }
    expect(await call({ op: 'get', key: 'ttl' })).toEqual(ok(null));
  });

  it('answers 400 to a body that is not an operation, and stores nothing', async () => {
    const bodies = [
      'not json',
      '{"op":"drop"}',
      '{"op":"set","value":1,"ttlMs":1000}',
      '{"op":"set","value":"v","ttlMs":0}',
      '{"op":"compareAndSet","value":"v","expected":5,"ttlMs":1000}',
      'null',
    ];
    for (const value of bodies) {
      expect(await post('/garbage', { op: 'garbage', key: 'garbage', value })).toEqual({
        status: 400,
      });
    }
    expect(await call({ op: 'get', key: 'garbage', peekable: true })).toEqual(ok(null));
  });
});
