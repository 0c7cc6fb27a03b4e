/**
 * The Workers revocation feed: each isolate's deny list mirrors one JwtGuardRevocationObject
 * by a short poll that requests start (in the background, or awaited once the mirror is near
 * its bound), so the per-request check is local; a failing object makes it fail closed past
 * the bound and a working one brings it back with a full reload. The clock is faked (Date
 * only), the object is the real class over Map storage; workerd runs it for real in
 * test/store/revocation-feed-on-workerd.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StoreError } from '../../src/store/index.js';
import { createDenyList } from '../../src/verify/deny-list.js';
import { createDurableObjectRevocationFeed } from '../../src/verify/durable-object-revocation-feed.js';
import { createRevocationNamespace } from '../store/revocation-object-fakes.js';

const ISS = 'https://id.example/';
const POLL_MS = 100;
const STALE_MS = 1_000;

const payload = (jti: string) => ({ iss: ISS, jti });
const inAnHour = () => Math.floor(Date.now() / 1000) + 3_600;
const advance = (ms: number) => vi.setSystemTime(Date.now() + ms);

/** One isolate: its feed and deny list, and a `ctx` that records what it was handed. */
function isolate(
  namespace: ReturnType<typeof createRevocationNamespace>['namespace'],
  extra: { maxAnswerBytes?: number; onError?: (error: unknown) => void } = {},
) {
  const feed = createDurableObjectRevocationFeed({
    namespace,
    pollMs: POLL_MS,
    maxStalenessMs: STALE_MS,
    ...extra,
  });
  const denyList = createDenyList({ feed, maxStalenessMs: STALE_MS });
  const background: Promise<unknown>[] = [];
  const ctx = { waitUntil: (promise: Promise<unknown>) => void background.push(promise) };
  /** A request: the poll step, then the deny check. */
  const check = async (jti: string) => {
    await feed.poll(ctx);
    return denyList.isRevoked(payload(jti));
  };
  const settle = () => Promise.all(background.splice(0));
  return { feed, denyList, check, background, settle };
}

async function expectUnavailable(answer: Promise<unknown>) {
  const error = await answer.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StoreError);
  expect(error).toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(1_800_000_000_000);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createDurableObjectRevocationFeed', () => {
  it('has a revocation through one isolate refused by another at its next poll', async () => {
    const { namespace } = createRevocationNamespace();
    const a = isolate(namespace);
    const b = isolate(namespace);
    expect(await a.check('t1')).toBe(false);
    expect(await b.check('t1')).toBe(false);
    await a.denyList.revoke('t1', inAnHour(), ISS);
    // The revoking isolate refuses at once; the other once a poll has run.
    expect(await a.check('t1')).toBe(true);
    expect(await b.check('t1')).toBe(false);
    advance(POLL_MS);
    await b.check('t1');
    await b.settle();
    expect(await b.check('t1')).toBe(true);
    expect(await b.check('t2')).toBe(false);
  });

  it('asks the object nothing while a poll is not due, and one request per interval', async () => {
    const { namespace, control } = createRevocationNamespace();
    const a = isolate(namespace);
    await a.check('t1');
    expect(control.operations).toEqual(['load']);
    control.operations.length = 0;
    for (let i = 0; i < 50; i++) expect(await a.check(`t${i}`)).toBe(false);
    expect(control.requests).toBe(1);
    advance(POLL_MS);
    for (let i = 0; i < 50; i++) await a.check(`t${i}`);
    await a.settle();
    expect(control.operations).toEqual(['changes']);
  });

  it('polls in the background while the mirror is fresh, and waits once it is near its bound', async () => {
    const { namespace, control } = createRevocationNamespace();
    const a = isolate(namespace);
    await a.check('t1');
    await a.settle();
    let release = () => {};
    const slow = () => {
      control.hold = new Promise<void>((resolve) => {
        release = resolve;
      });
    };
    // Fresh: the request is answered while its poll is still held; the poll goes to waitUntil.
    slow();
    advance(POLL_MS);
    expect(await a.check('t1')).toBe(false);
    expect(a.background).toHaveLength(1);
    release();
    await a.settle();
    // Idle for longer than halfway to the bound: the next request waits for its poll, which
    // renews the mirror's trust, so it is answered rather than refused.
    slow();
    advance(STALE_MS + 5_000);
    let answered = false;
    const answer = a.check('t1').then((revoked) => {
      answered = true;
      return revoked;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered).toBe(false);
    release();
    expect(await answer).toBe(false);
  });

  it('fails closed past the bound while the object fails, then recovers with a full reload', async () => {
    const { namespace, control, objectOf } = createRevocationNamespace();
    const errors: unknown[] = [];
    const a = isolate(namespace, { onError: (error) => errors.push(error) });
    await a.check('t1');
    control.failing = true;
    advance(POLL_MS);
    expect(await a.check('t1')).toBe(false);
    await a.settle();
    expect(errors[0]).toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    advance(STALE_MS);
    await expectUnavailable(a.check('t1'));
    // Revoked while this isolate could not see it, straight in the object.
    const untilMs = Date.now() + 3_600_000;
    await objectOf('jwt-guard:revocations').object.fetch(
      new Request('https://x.invalid/', {
        method: 'POST',
        body: JSON.stringify({
          op: 'revoke',
          key: `revoked:${encodeURIComponent(ISS)}:t2`,
          untilMs,
        }),
      }),
    );
    control.failing = false;
    control.operations.length = 0;
    advance(POLL_MS);
    expect(await a.check('t2')).toBe(true);
    expect(control.operations).toEqual(['load']);
    expect(await a.check('t1')).toBe(false);
  });

  it('reloads in pages under the byte cap, and follows changes in pages too', async () => {
    const { namespace, control } = createRevocationNamespace();
    const writer = isolate(namespace);
    await writer.check('x');
    for (let i = 0; i < 120; i++) await writer.denyList.revoke(`jti-${i}`, inAnHour(), ISS);
    const reader = isolate(namespace, { maxAnswerBytes: 4_096 });
    control.operations.length = 0;
    expect(await reader.check('jti-0')).toBe(true);
    expect(await reader.check('jti-119')).toBe(true);
    const pages = control.operations.filter((op) => op === 'load').length;
    expect(pages).toBeGreaterThan(1);
    for (let i = 120; i < 240; i++) await writer.denyList.revoke(`jti-${i}`, inAnHour(), ISS);
    control.operations.length = 0;
    advance(POLL_MS);
    await reader.check('jti-120');
    await reader.settle();
    expect(control.operations.filter((op) => op === 'changes').length).toBeGreaterThan(1);
    for (const i of [120, 180, 239]) expect(await reader.check(`jti-${i}`)).toBe(true);
  });

  it('reloads in full when the change log no longer reaches back, or the object is new', async () => {
    const { namespace, control, wipe } = createRevocationNamespace();
    const writer = isolate(namespace);
    const reader = isolate(namespace);
    await writer.check('x');
    await reader.check('x');
    for (let i = 0; i < 1_100; i++) await writer.denyList.revoke(`j${i}`, inAnHour(), ISS);
    control.operations.length = 0;
    advance(POLL_MS);
    await reader.check('x');
    await reader.settle();
    expect(control.operations).toEqual(['changes', 'load', 'load', 'load']);
    expect(await reader.check('j0')).toBe(true);
    expect(await reader.check('j1099')).toBe(true);
    // The object's storage starts afresh: a new epoch, so the follower reloads.
    wipe('jwt-guard:revocations');
    await writer.denyList.revoke('after-wipe', inAnHour(), ISS);
    control.operations.length = 0;
    advance(POLL_MS);
    await reader.check('x');
    await reader.settle();
    expect(control.operations).toEqual(['changes', 'load']);
    expect(await reader.check('after-wipe')).toBe(true);
  });

  it('holds at most maxEntries from a load, and asks the object for a token it does not hold', async () => {
    const { namespace, control } = createRevocationNamespace();
    const writer = isolate(namespace);
    await writer.check('x');
    for (let i = 0; i < 40; i++) await writer.denyList.revoke(`full-${i}`, inAnHour(), ISS);
    const feed = createDurableObjectRevocationFeed({
      namespace,
      pollMs: POLL_MS,
      maxStalenessMs: STALE_MS,
    });
    const small = createDenyList({ feed, maxEntries: 10, maxStalenessMs: STALE_MS });
    await feed.poll();
    control.operations.length = 0;
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => small.isRevoked(payload(`full-${i}`))),
    );
    expect(answers.every(Boolean)).toBe(true);
    // Ten are held; each of the other thirty is one read of the object.
    expect(control.operations).toEqual(Array.from({ length: 30 }, () => 'has'));
    expect(await small.isRevoked(payload('never'))).toBe(false);
  });

  it('sweeps expired revocations out of the mirror on its polls, with no timer needed', async () => {
    const { namespace, control } = createRevocationNamespace();
    const writer = isolate(namespace);
    await writer.check('x');
    const soon = Math.floor(Date.now() / 1000) + 5;
    for (let i = 0; i < 10; i++) await writer.denyList.revoke(`brief-${i}`, soon, ISS);
    const feed = createDurableObjectRevocationFeed({
      namespace,
      pollMs: POLL_MS,
      maxStalenessMs: STALE_MS,
    });
    const small = createDenyList({ feed, maxEntries: 6, maxStalenessMs: STALE_MS });
    await feed.poll();
    // Full: a token it does not hold costs a read of the object.
    control.operations.length = 0;
    expect(await small.isRevoked(payload('never'))).toBe(false);
    expect(control.operations).toEqual(['has']);
    // Past the expiries and the sweep interval (30 s), a poll's heartbeat sweeps the mirror,
    // and with room again it reloads and holds everything: no more reads.
    advance(31_000);
    await feed.poll();
    await new Promise((resolve) => setTimeout(resolve, 0));
    control.operations.length = 0;
    expect(await small.isRevoked(payload('never'))).toBe(false);
    expect(await small.isRevoked(payload('brief-0'))).toBe(false);
    expect(control.operations).toEqual([]);
  });

  it('fails the poll, never the request, on an answer over the byte cap', async () => {
    const { namespace } = createRevocationNamespace();
    const writer = isolate(namespace);
    await writer.check('x');
    // One row over the cap: the object still sends it (a page makes progress), the reader refuses it.
    await writer.denyList.revoke('j'.repeat(256), inAnHour(), `${ISS}${'p'.repeat(5_000)}`);
    const errors: unknown[] = [];
    const reader = isolate(namespace, { maxAnswerBytes: 4_096, onError: (e) => errors.push(e) });
    await expectUnavailable(reader.check('x'));
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).cause).toMatchObject({
      message: expect.stringContaining('too large'),
    });
  });

  it('gives up a poll that never settles, and starts another', async () => {
    const { namespace } = createRevocationNamespace();
    const control = { requests: 0, failing: false };
    // A poll cut off with its request (on Workers, one not handed to waitUntil) never settles.
    const hanging = {
      idFromName: namespace.idFromName,
      get: (id: never) => ({
        fetch: (request: Request) => {
          control.requests++;
          return control.failing
            ? new Promise<Response>(() => {})
            : namespace.get(id).fetch(request);
        },
      }),
    };
    const feed = createDurableObjectRevocationFeed({
      namespace: hanging,
      pollMs: POLL_MS,
      maxStalenessMs: STALE_MS,
      timeoutMs: 60_000,
    });
    const denyList = createDenyList({ feed, maxStalenessMs: STALE_MS });
    await feed.poll();
    expect(await denyList.isRevoked(payload('t1'))).toBe(false);
    control.failing = true;
    control.requests = 0;
    advance(POLL_MS);
    await feed.poll();
    expect(control.requests).toBe(1);
    // Still in flight: no second poll, however many requests come.
    advance(POLL_MS);
    await feed.poll();
    expect(control.requests).toBe(1);
    // Past twice the timeout it is given up and a new poll starts.
    advance(120_001);
    control.failing = false;
    await feed.poll();
    expect(control.requests).toBe(2);
    expect(await denyList.isRevoked(payload('t1'))).toBe(false);
  });

  it('refuses bad options with a TypeError naming the option', () => {
    const { namespace } = createRevocationNamespace();
    const make = (options: object) => () =>
      createDurableObjectRevocationFeed({ namespace, ...options } as never);
    expect(make({ namespace: {} })).toThrow(/"namespace"/);
    expect(make({ name: '' })).toThrow(/"name"/);
    expect(make({ pollMs: 0 })).toThrow(/"pollMs"/);
    expect(make({ pollMs: 1_000, maxStalenessMs: 1_000 })).toThrow(/"maxStalenessMs"/);
    expect(make({ maxAnswerBytes: 100 })).toThrow(/"maxAnswerBytes"/);
    expect(make({ timeoutMs: 1.5 })).toThrow(/"timeoutMs"/);
    expect(make({ onError: 'log' })).toThrow(/"onError"/);
    const feed = make({})();
    createDenyList({ feed });
    expect(() => createDenyList({ feed })).toThrow(TypeError);
  });
});
