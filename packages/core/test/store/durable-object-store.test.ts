/**
 * createDurableObjectStore's side of the wire, in Node: option checks, one object per
 * prefixed key, and what a failing or refusing object becomes. The store and the object
 * together run on real workerd in test/store/durable-object-store-on-workerd.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  assertAtomicStore,
  createDurableObjectStore,
  type DurableObjectNamespaceLike,
  JwtGuardStoreObject,
  StoreError,
} from '../../src/store/index.js';

/** Map-backed storage whose every call waits a little, as real storage can, with a log. */
function slowStorage() {
  const data = new Map<string, unknown>();
  const alarms: number[] = [];
  const later = <T>(value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), 2));
  let failNextPut = false;
  return {
    data,
    alarms,
    failNextPut() {
      failNextPut = true;
    },
    storage: {
      get: (key: string) => later(data.get(key)),
      put: async (key: string, value: unknown) => {
        await later(undefined);
        if (failNextPut) {
          failNextPut = false;
          throw new Error('storage reset');
        }
        data.set(key, value);
      },
      delete: async (key: string) => later(data.delete(key)),
      setAlarm: async (at: number) => void alarms.push(at),
      deleteAlarm: async () => {},
    },
  };
}

/** A namespace of real JwtGuardStoreObjects over Map storage, recording the names asked. */
function objectNamespace() {
  const objects = new Map<string, JwtGuardStoreObject>();
  const names: string[] = [];
  const namespace: DurableObjectNamespaceLike = {
    idFromName(name) {
      names.push(name);
      return name;
    },
    get(id: never) {
      const name = id as string;
      let object = objects.get(name);
      if (object === undefined) {
        const data = new Map<string, unknown>();
        const storage = {
          get: async (key: string) => data.get(key),
          put: async (key: string, value: unknown) => void data.set(key, value),
          delete: async (key: string) => data.delete(key),
          setAlarm: async () => {},
          deleteAlarm: async () => {},
        };
        object = new JwtGuardStoreObject({ storage });
        objects.set(name, object);
      }
      return object;
    },
  };
  return { namespace, names };
}

function failingNamespace(fetch: () => Promise<Response>): DurableObjectNamespaceLike {
  return { idFromName: (name) => name, get: () => ({ fetch }) };
}

async function expectUnavailable(call: Promise<unknown>) {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  expect((error as StoreError).code).toBe('ERR_STORE_UNAVAILABLE');
  expect((error as StoreError).cause).toBeInstanceOf(Error);
}

describe('createDurableObjectStore', () => {
  it('is an atomic store, and sends each key to the object named by its prefixed key', async () => {
    const { namespace, names } = objectNamespace();
    const store = assertAtomicStore(createDurableObjectStore(namespace), 'store');
    expect(await store.compareAndSet('k', undefined, 'one', 60_000)).toBe(true);
    expect(await store.compareAndSet('k', 'one', 'two', 60_000)).toBe(true);
    expect(await store.setIfAbsent('k', 'x', 60_000)).toBe(false);
    expect(await store.get('k')).toBe('two');
    const other = createDurableObjectStore(namespace, { prefix: 'a:' });
    expect(await other.get('k')).toBeUndefined();
    await store.delete('k');
    expect(await store.get('k')).toBeUndefined();
    expect(new Set(names)).toEqual(new Set(['jwt-guard:k', 'a:k']));
  });

  it('refuses a namespace or options of the wrong shape with a TypeError', () => {
    for (const value of [undefined, null, {}, { idFromName() {} }, { get() {} }]) {
      expect(() => createDurableObjectStore(value as never)).toThrow(TypeError);
    }
    const { namespace } = objectNamespace();
    expect(() => createDurableObjectStore(namespace, null as never)).toThrow(TypeError);
    expect(() => createDurableObjectStore(namespace, 'a:' as never)).toThrow(TypeError);
    expect(() => createDurableObjectStore(namespace, { prefix: 5 as never })).toThrow(TypeError);
  });

  it('rejects with ERR_STORE_UNAVAILABLE when the object throws or does not answer 200', async () => {
    const down = createDurableObjectStore(
      failingNamespace(() => Promise.reject(new Error('object reset'))),
    );
    await expectUnavailable(down.get('k'));
    await expectUnavailable(down.compareAndSet('k', undefined, 'v', 60_000));
    await expectUnavailable(down.delete('k'));
    const refusing = createDurableObjectStore(
      failingNamespace(async () => new Response(null, { status: 500 })),
    );
    await expectUnavailable(refusing.set('k', 'v', 60_000));
    await expectUnavailable(refusing.setIfAbsent('k', 'v', 60_000));
    // A body that looks like an answer does not make a non-200 one.
    const erring = createDurableObjectStore(
      failingNamespace(async () => Response.json({ result: true }, { status: 500 })),
    );
    await expectUnavailable(erring.compareAndSet('k', undefined, 'v', 60_000));
  });

  it('refuses a bad TTL with a TypeError before sending anything', async () => {
    let sent = 0;
    const store = createDurableObjectStore(
      failingNamespace(async () => {
        sent++;
        return Response.json({ result: true });
      }),
    );
    await expect(store.compareAndSet('k', undefined, 'v', 0)).rejects.toBeInstanceOf(TypeError);
    await expect(store.set('k', 'v', Number.NaN)).rejects.toBeInstanceOf(TypeError);
    expect(sent).toBe(0);
  });
});

describe('JwtGuardStoreObject', () => {
  const one = (object: JwtGuardStoreObject) =>
    createDurableObjectStore({ idFromName: (name) => name, get: () => object });

  it('applies operations one at a time, so one of 20 racing compareAndSets wins even with slow storage', async () => {
    const { storage } = slowStorage();
    const store = one(new JwtGuardStoreObject({ storage }));
    await store.set('k', 'g0', 60_000);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.compareAndSet('k', 'g0', `g1:${i}`, 60_000)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.get('k')).toBe(`g1:${results.indexOf(true)}`);
  });

  it('keeps the expiry beside the value, sets an alarm for it, and treats a past one as absent', async () => {
    const { storage, data, alarms } = slowStorage();
    const store = one(new JwtGuardStoreObject({ storage }));
    const before = Date.now();
    await store.set('k', 'v', 5_000);
    const entry = data.get('entry') as { value: string; expiresAt: number };
    expect(entry.value).toBe('v');
    expect(entry.expiresAt).toBeGreaterThanOrEqual(before + 5_000);
    expect(entry.expiresAt).toBeLessThanOrEqual(Date.now() + 5_000);
    expect(alarms).toEqual([entry.expiresAt]);
    data.set('entry', { value: 'v', expiresAt: Date.now() - 1 });
    expect(await store.get('k')).toBeUndefined();
    expect(await store.setIfAbsent('k', 'w', 5_000)).toBe(true);
  });

  it('its alarm removes an expired entry, moves on to a later expiry, and leaves absence alone', async () => {
    const { storage, data, alarms } = slowStorage();
    const object = new JwtGuardStoreObject({ storage });
    await object.alarm();
    expect(alarms).toEqual([]);
    const later = Date.now() + 60_000;
    data.set('entry', { value: 'v', expiresAt: later });
    await object.alarm();
    expect(data.has('entry')).toBe(true);
    expect(alarms).toEqual([later]);
    data.set('entry', { value: 'v', expiresAt: Date.now() - 1 });
    await object.alarm();
    expect(data.has('entry')).toBe(false);
  });

  it('a failed write fails only its own operation; the next one runs', async () => {
    const { storage, failNextPut } = slowStorage();
    const store = one(new JwtGuardStoreObject({ storage }));
    failNextPut();
    await expectUnavailable(store.compareAndSet('k', undefined, 'v', 60_000));
    expect(await store.get('k')).toBeUndefined();
    expect(await store.compareAndSet('k', undefined, 'v', 60_000)).toBe(true);
  });
});

describe('JwtGuardStoreObject requests and expiry edges', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const post = (object: JwtGuardStoreObject, body: string) =>
    object.fetch(new Request('https://x.invalid/', { method: 'POST', body }));

  it('answers 400 to a body that is not an operation, and stores nothing', async () => {
    const { storage, data } = slowStorage();
    const object = new JwtGuardStoreObject({ storage });
    const refused = [
      'not json',
      'null',
      '"get"',
      '{"op":"drop"}',
      '{"op":"drop","value":"v","ttlMs":1000}',
      '{"op":"set","value":1,"ttlMs":1000}',
      '{"op":"set","ttlMs":1000}',
      '{"op":"set","value":"v"}',
      '{"op":"set","value":"v","ttlMs":"1000"}',
      '{"op":"set","value":"v","ttlMs":0}',
      '{"op":"setIfAbsent","value":"v","ttlMs":-1}',
      `{"op":"set","value":"v","ttlMs":${2 ** 52}}`,
      '{"op":"compareAndSet","value":"v","ttlMs":1000,"expected":5}',
      '{"op":"compareAndSet","value":"v","ttlMs":1000}',
    ];
    for (const body of refused) expect((await post(object, body)).status).toBe(400);
    expect(data.size).toBe(0);
  });

  it('answers each operation as the store reads it', async () => {
    const { storage } = slowStorage();
    const object = new JwtGuardStoreObject({ storage });
    const answer = async (body: object) => {
      const response = await post(object, JSON.stringify(body));
      expect(response.status).toBe(200);
      return response.json();
    };
    expect(await answer({ op: 'get' })).toEqual({ result: null });
    expect(await answer({ op: 'set', value: 'v', ttlMs: 0.5 })).toEqual({ result: null });
    expect(await answer({ op: 'set', value: 'v', ttlMs: 2 ** 52 - 1 })).toEqual({ result: null });
    expect(await answer({ op: 'setIfAbsent', value: 'w', ttlMs: 1_000, expected: 5 })).toEqual({
      result: false,
    });
    const cas = { op: 'compareAndSet', value: 'w', ttlMs: 1_000 };
    expect(await answer({ ...cas, expected: null })).toEqual({ result: false });
    expect(await answer({ ...cas, expected: 'v' })).toEqual({ result: true });
    expect(await answer({ op: 'get' })).toEqual({ result: 'w' });
    expect(await answer({ op: 'delete' })).toEqual({ result: null });
    expect(await answer({ op: 'get' })).toEqual({ result: null });
  });

  it('delete removes the entry from the storage, not just its value', async () => {
    const { storage, data } = slowStorage();
    const store = createDurableObjectStore({
      idFromName: (name) => name,
      get: () => new JwtGuardStoreObject({ storage }),
    });
    await store.set('k', 'v', 60_000);
    expect(data.has('entry')).toBe(true);
    await store.delete('k');
    expect(data.has('entry')).toBe(false);
  });

  it('an entry is gone at its expiry to the millisecond, and there until then', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_800_000_000_000);
    const { storage, data } = slowStorage();
    const object = new JwtGuardStoreObject({ storage });
    const store = createDurableObjectStore({ idFromName: (name) => name, get: () => object });
    data.set('entry', { value: 'v', expiresAt: Date.now() + 1 });
    expect(await store.get('k')).toBe('v');
    await object.alarm();
    expect(data.has('entry')).toBe(true);
    data.set('entry', { value: 'v', expiresAt: Date.now() });
    expect(await store.get('k')).toBeUndefined();
    await object.alarm();
    expect(data.has('entry')).toBe(false);
  });
});
