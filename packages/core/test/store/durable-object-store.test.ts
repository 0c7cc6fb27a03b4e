/**
 * createDurableObjectStore's side of the wire, in Node: option checks, one object per
 * prefixed key, and what a failing or refusing object becomes. The store and the object
 * together run on real workerd in test/store/durable-object-store-on-workerd.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  assertAtomicStore,
  createDurableObjectStore,
  type DurableObjectNamespaceLike,
  JwtGuardStoreObject,
  StoreError,
} from '../../src/store/index.js';

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
    for (const value of [undefined, null, {}, { idFromName() {} }]) {
      expect(() => createDurableObjectStore(value as never)).toThrow(TypeError);
    }
    const { namespace } = objectNamespace();
    expect(() => createDurableObjectStore(namespace, null as never)).toThrow(TypeError);
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
