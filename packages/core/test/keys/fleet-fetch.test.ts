/**
 * createFleetFetch on its own, with a shared copy and a lock driven by the test: when a copy
 * stands for a fetch, when only the issuer will do, what the lock holder shares (a 304
 * included), and that waiting is bounded and ends at the holder's write.
 */
import { describe, expect, it } from 'vitest';
import type { FetchJsonResult } from '../../src/keys/fetch-json.js';
import { createFleetFetch, type FleetLoadRequest } from '../../src/keys/fleet-fetch.js';
import type {
  FetchedDocument,
  LockOutcome,
  SharedCopy,
  SharedKeyDocuments,
} from '../../src/keys/shared-key-documents.js';

const URI = 'https://id.example.com/jwks';
const timings = {
  cacheMaxAge: 600_000,
  cooldownDuration: 30_000,
  // Waits are half of it: 100 ms, two polls.
  timeoutDuration: 200,
  staleIfError: 600_000,
};

/** A document whose usable keys are `kids`. */
const doc = (kids: string[], etag?: string): FetchedDocument => ({
  notModified: false,
  json: { keys: kids },
  etag,
  maxAgeSeconds: 300,
});

/** A shared copy of `kids`, its writer's freshness `writtenUntil`. */
const copyOf = (kids: string[], freshUntil: number, writtenUntil = freshUntil): SharedCopy => ({
  result: doc(kids),
  freshUntil,
  writtenUntil,
});

/** What the fake shared documents hold and have been asked. */
interface FakeShared {
  readonly calls: string[];
  copy: SharedCopy | undefined;
  lock: LockOutcome;
  readonly written: FetchedDocument[];
  writeDone: Promise<void>;
  readonly shared: SharedKeyDocuments;
}

/** The shared documents, driven by the test, with what was asked of them. */
function fakeShared(lock: LockOutcome = 'acquired'): FakeShared {
  const calls: string[] = [];
  const fake: FakeShared = {
    calls,
    copy: undefined,
    lock,
    written: [],
    writeDone: Promise.resolve(),
    shared: {
      async read() {
        calls.push('read');
        return fake.copy;
      },
      async write(_uri, fetched) {
        calls.push('write');
        await fake.writeDone;
        fake.written.push(fetched);
      },
      async lock(_uri, ttlMs) {
        calls.push(`lock ${ttlMs}`);
        return fake.lock;
      },
      async unlock() {
        calls.push('unlock');
      },
    },
  };
  return fake;
}

function loader(fake: FakeShared, answers: FetchJsonResult[]) {
  const fetched: (string | undefined)[] = [];
  const load = createFleetFetch({
    shared: fake.shared,
    fetchDocument: async (_uri, etag) => {
      fetched.push(etag);
      const answer = answers.shift();
      if (!answer) throw new Error('no answer left');
      return answer;
    },
    // A document is usable when it lists at least one key.
    usableIds: async (json) => {
      const keys = (json as { keys: string[] }).keys;
      return keys.length > 0 ? new Set(keys) : undefined;
    },
    timings,
  });
  return { load, fetched };
}

const request = (overrides: Partial<FleetLoadRequest> = {}): FleetLoadRequest => ({
  jwksUri: URI,
  etag: undefined,
  held: undefined,
  forced: false,
  ...overrides,
});

describe('createFleetFetch: when the shared copy serves', () => {
  it('with nothing held, any usable copy; an unusable one goes to the issuer', async () => {
    const fake = fakeShared();
    fake.copy = copyOf(['a'], 1000);
    const { load, fetched } = loader(fake, [doc(['b'])]);
    expect(await load(request())).toEqual({ result: doc(['a']), fromStore: true });
    fake.copy = copyOf([], 1000);
    expect(await load(request())).toEqual({ result: doc(['b']), fromStore: false });
    expect(fetched).toEqual([undefined]);
  });

  it('for a routine refresh, only a copy fresher than the keys held', async () => {
    const fake = fakeShared();
    const held = { ids: new Set(['a']), freshUntil: 5000 };
    const { load, fetched } = loader(fake, [doc(['a'])]);
    fake.copy = copyOf(['a'], 5001);
    expect((await load(request({ held }))).fromStore).toBe(true);
    fake.copy = copyOf(['a'], 5000);
    expect((await load(request({ held }))).fromStore).toBe(false);
    expect(fetched).toHaveLength(1);
  });

  it('for an unknown kid, only a copy holding a key the held set lacks, however fresh', async () => {
    const fake = fakeShared();
    const held = { ids: new Set(['a']), freshUntil: 5000 };
    const { load, fetched } = loader(fake, [doc(['a', 'b'])]);
    fake.copy = copyOf(['a'], 9000);
    expect(await load(request({ held, forced: true }))).toEqual({
      result: doc(['a', 'b']),
      fromStore: false,
    });
    fake.copy = copyOf(['b', 'a'], 4000);
    expect((await load(request({ held, forced: true }))).fromStore).toBe(true);
    expect(fetched).toHaveLength(1);
  });
});

describe('createFleetFetch: the lock', () => {
  it('the holder fetches, shares the document before it answers, then unlocks', async () => {
    const fake = fakeShared('acquired');
    let release: () => void = () => undefined;
    fake.writeDone = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { load } = loader(fake, [doc(['a'], '"e"')]);
    let settled = false;
    const loading = load(request()).then((loaded) => {
      settled = true;
      return loaded;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    release();
    expect(await loading).toEqual({ result: doc(['a'], '"e"'), fromStore: false });
    expect(fake.written).toEqual([doc(['a'], '"e"')]);
    expect(fake.calls).toEqual(['read', 'lock 1200', 'write', 'unlock']);
  });

  it('without the lock (a store that cannot lock), still writes before it answers', async () => {
    // On Workers, a write left running after the response is cancelled.
    const fake = fakeShared('unavailable');
    let release: () => void = () => undefined;
    fake.writeDone = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { load } = loader(fake, [doc(['a'])]);
    let settled = false;
    const loading = load(request()).then((loaded) => {
      settled = true;
      return loaded;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    release();
    expect(await loading).toEqual({ result: doc(['a']), fromStore: false });
    expect(fake.calls).toEqual(['read', 'lock 1200', 'write']);
  });

  it('a waiter takes the holder’s write, even when nothing was shared before', async () => {
    const fake = fakeShared('held');
    const { load, fetched } = loader(fake, []);
    setTimeout(() => {
      fake.copy = copyOf(['a'], 7000);
    }, 30);
    expect(await load(request())).toEqual({ result: doc(['a']), fromStore: true });
    expect(fetched).toEqual([]);
    expect(fake.calls).not.toContain('unlock');
  });

  it('a waiter ignores the copy it had already seen, and fetches once the wait is over', async () => {
    const fake = fakeShared('held');
    const held = { ids: new Set(['a']), freshUntil: 5000 };
    fake.copy = copyOf(['a'], 5000);
    const { load, fetched } = loader(fake, [doc(['a', 'b'])]);
    const started = performance.now();
    expect(await load(request({ held, forced: true }))).toEqual({
      result: doc(['a', 'b']),
      fromStore: false,
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
    expect(fetched).toEqual([undefined]);
    // One read before the lock, then one per poll: two polls of 50 ms in a 100 ms wait.
    expect(fake.calls).toEqual(['read', 'lock 1200', 'read', 'read', 'write']);
  });

  it('a waiter takes a write whose freshness differs from the copy it saw', async () => {
    const fake = fakeShared('held');
    const held = { ids: new Set(['a']), freshUntil: 5000 };
    fake.copy = copyOf(['a'], 5000, 5000);
    const { load } = loader(fake, []);
    setTimeout(() => {
      fake.copy = copyOf(['a'], 5000, 5001);
    }, 30);
    expect((await load(request({ held, forced: true }))).fromStore).toBe(true);
  });
});

describe('createFleetFetch: a 304 to the holder', () => {
  it('shares the document with that etag, under the new max-age', async () => {
    const fake = fakeShared('acquired');
    const { load, fetched } = loader(fake, [
      doc(['a'], '"e1"'),
      { notModified: true, maxAgeSeconds: 90 },
    ]);
    await load(request());
    await load(request({ etag: '"e1"', held: { ids: new Set(['a']), freshUntil: 1 } }));
    expect(fetched).toEqual([undefined, '"e1"']);
    expect(fake.written).toEqual([
      doc(['a'], '"e1"'),
      { ...doc(['a'], '"e1"'), maxAgeSeconds: 90 },
    ]);
  });

  it('shares nothing when the document with that etag is not the one it knows', async () => {
    const fake = fakeShared('acquired');
    const notModified = { notModified: true, maxAgeSeconds: 90 } as const;
    const { load } = loader(fake, [notModified, doc(['a'], '"e1"'), notModified]);
    const held = { ids: new Set(['a']), freshUntil: 1 };
    // Nothing handed out yet.
    expect(await load(request({ etag: '"e0"', held }))).toEqual({
      result: notModified,
      fromStore: false,
    });
    await load(request());
    // Another etag than the document it knows.
    await load(request({ etag: '"e0"', held }));
    expect(fake.written).toEqual([doc(['a'], '"e1"')]);
  });
});
