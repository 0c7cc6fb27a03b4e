/**
 * JwtGuardRevocationObject on its own, over Map storage: what revoking writes, answers that
 * stay under the byte cap, the change log's bound, expiry (at once on read, and out of the
 * storage by the alarm), and bodies that are not operations.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JwtGuardRevocationObject } from '../../src/store/index.js';
import { createFakeRevocationStorage } from './revocation-object-fakes.js';

function object() {
  const storage = createFakeRevocationStorage();
  const target = new JwtGuardRevocationObject({ storage });
  const post = async (body: unknown) => {
    const response = await target.fetch(
      new Request('https://x.invalid/', { method: 'POST', body: JSON.stringify(body) }),
    );
    return {
      status: response.status,
      body: response.status === 200 ? await response.json() : null,
    };
  };
  const send = async (body: unknown) => (await post(body)).body as Record<string, unknown>;
  return { storage, target, post, send };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(1_800_000_000_000);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('JwtGuardRevocationObject', () => {
  it('bumps the version per revocation and answers has() until the expiry', async () => {
    const { send } = object();
    const untilMs = Date.now() + 60_000;
    expect(await send({ op: 'revoke', key: 'revoked:i:a', untilMs })).toEqual({ result: 1 });
    expect(await send({ op: 'revoke', key: 'revoked:i:b', untilMs })).toEqual({ result: 2 });
    // An expiry already past is not written.
    expect(await send({ op: 'revoke', key: 'revoked:i:c', untilMs: Date.now() })).toEqual({
      result: 2,
    });
    expect(await send({ op: 'has', key: 'revoked:i:a' })).toEqual({ result: true });
    expect(await send({ op: 'has', key: 'revoked:i:c' })).toEqual({ result: false });
    vi.setSystemTime(untilMs);
    expect(await send({ op: 'has', key: 'revoked:i:a' })).toEqual({ result: false });
  });

  it('loads only unexpired rows under the prefix, in pages under maxBytes', async () => {
    const { send } = object();
    const untilMs = Date.now() + 60_000;
    for (let i = 0; i < 100; i++) await send({ op: 'revoke', key: `revoked:i:${i}`, untilMs });
    await send({ op: 'revoke', key: 'other:i:x', untilMs });
    await send({ op: 'revoke', key: 'revoked:i:short', untilMs: Date.now() + 10 });
    vi.setSystemTime(Date.now() + 10);
    const keys: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await send({
        op: 'load',
        prefix: 'revoked:',
        maxBytes: 1_024,
        ...(after ? { after } : {}),
      });
      expect(JSON.stringify(page).length).toBeLessThanOrEqual(1_024);
      keys.push(...(page.rows as [string, number][]).map(([key]) => key));
      after = page.next as string | undefined;
      pages++;
    } while (after !== undefined);
    expect(pages).toBeGreaterThan(1);
    expect(keys.sort()).toEqual(Array.from({ length: 100 }, (_, i) => `revoked:i:${i}`).sort());
  });

  it('serves changes since a version, and a reset past its log or in another epoch', async () => {
    const { send, storage } = object();
    const untilMs = Date.now() + 60_000;
    const { epoch } = await send({ op: 'load', prefix: '', maxBytes: 65_536 });
    await send({ op: 'revoke', key: 'k1', untilMs });
    await send({ op: 'revoke', key: 'k2', untilMs });
    const changes = (since: number, at = epoch) =>
      send({ op: 'changes', epoch: at, since, maxBytes: 65_536 });
    expect(await changes(1)).toEqual({ epoch, version: 2, rows: [['k2', untilMs]], more: false });
    expect(await changes(2)).toEqual({ epoch, version: 2, rows: [] });
    expect(await changes(3)).toMatchObject({ reset: true });
    expect(await changes(0, 'another epoch')).toMatchObject({ reset: true });
    for (let i = 0; i < 1_100; i++) await send({ op: 'revoke', key: `m${i}`, untilMs });
    expect(await changes(0)).toMatchObject({ reset: true });
    expect(await changes(1_102 - 1_024)).toMatchObject({
      version: 1_102 - 1_024 + 512,
      more: true,
    });
    // The log holds the last 1 024 changes and no more.
    expect([...storage.data.keys()].filter((key) => key.startsWith('c:'))).toHaveLength(1_024);
  });

  it('removes expired entries from its storage when the alarm runs', async () => {
    const { send, storage, target } = object();
    await send({ op: 'revoke', key: 'soon', untilMs: Date.now() + 1_000 });
    await send({ op: 'revoke', key: 'later', untilMs: Date.now() + 5_000 });
    await send({ op: 'revoke', key: 'moved', untilMs: Date.now() + 1_000 });
    await send({ op: 'revoke', key: 'moved', untilMs: Date.now() + 9_000 });
    expect(storage.alarm).toBe(Date.now() + 1_000);
    vi.setSystemTime(Date.now() + 1_000);
    await target.alarm();
    const held = () => [...storage.data.keys()].filter((key) => key.startsWith('r:')).sort();
    expect(held()).toEqual(['r:later', 'r:moved']);
    expect(storage.alarm).toBe(Date.now() + 4_000);
    vi.setSystemTime(Date.now() + 8_000);
    await target.alarm();
    expect(held()).toEqual([]);
    expect([...storage.data.keys()].filter((key) => key.startsWith('x:'))).toEqual([]);
  });

  it('answers 400 to a body that is not an operation, and writes nothing', async () => {
    const { post, storage } = object();
    const bodies = [
      null,
      'revoke',
      { op: 'drop' },
      { op: 'revoke', key: '', untilMs: 1 },
      { op: 'revoke', key: 'k', untilMs: 'soon' },
      { op: 'load', prefix: 1, maxBytes: 10 },
      { op: 'changes', epoch: 'e', since: -1, maxBytes: 10 },
    ];
    for (const body of bodies) expect((await post(body)).status).toBe(400);
    expect(storage.data.size).toBe(0);
  });
});
