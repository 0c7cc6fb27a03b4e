/**
 * A shared store on Cloudflare Durable Objects: the Workers store with atomic operations.
 * Each key lives in its own object (named by the prefixed key); every operation is one
 * `fetch` to that object, whose single thread applies it alone, so `setIfAbsent` and
 * `compareAndSet` are atomic across every isolate and data centre.
 */
import type { SharedStore } from './shared-store.js';
import { StoreError } from './store-error.js';
import { checkTtl, resolvePrefix } from './store-options.js';

/**
 * The part of a Durable Object namespace binding this store uses, so core needs no Workers
 * types: `env.JWT_GUARD_STORE` as declared in wrangler.toml fits it.
 *
 * @example
 * ```ts
 * const namespace: DurableObjectNamespaceLike = env.JWT_GUARD_STORE;
 * ```
 */
export interface DurableObjectNamespaceLike {
  idFromName(name: string): unknown;
  get(id: never): { fetch(request: Request): Promise<Response> };
}

/**
 * Options of {@link createDurableObjectStore}.
 *
 * @example
 * ```ts
 * const options: DurableObjectStoreOptions = { prefix: 'api-a:' };
 * ```
 */
export interface DurableObjectStoreOptions {
  /** Put before every key (and so in every object's name). Default `'jwt-guard:'`. */
  readonly prefix?: string;
}

/**
 * One operation, as the store posts it to the object. Internal wire format between
 * {@link createDurableObjectStore} and `JwtGuardStoreObject`, which ship together.
 */
export interface StoreObjectOperation {
  readonly op: 'get' | 'set' | 'setIfAbsent' | 'compareAndSet' | 'delete';
  readonly value?: string;
  /** For compareAndSet: the value expected, null for "absent". */
  readonly expected?: string | null;
  readonly ttlMs?: number;
}

/** The object's answer: the value read (null when absent), whether it stored, or nothing. */
export interface StoreObjectAnswer {
  readonly result: string | boolean | null;
}

/** The URL of every operation; the object reads only the body. */
const OPERATION_URL = 'https://jwt-guard-store.invalid/';

/**
 * A {@link SharedStore} on a Durable Object namespace whose class is `JwtGuardStoreObject`
 * (export it from your Worker and bind it). It implements every operation, atomic ones
 * included, so it can hold refresh-token families and key rings, which Workers KV and the
 * Cache API cannot (they are not atomic). Entries expire to the millisecond on read, and
 * an alarm removes them from the object's storage when their time to live has passed.
 *
 * When the object cannot be reached or answers anything but 200, the operation rejects
 * with a {@link StoreError} of code `ERR_STORE_UNAVAILABLE` (the cause kept).
 *
 * @example
 * ```ts
 * // wrangler.toml: [[durable_objects.bindings]] name = "JWT_GUARD_STORE" class_name = "JwtGuardStoreObject"
 * export { JwtGuardStoreObject } from '@jwt-guard/core';
 * export default {
 *   async fetch(request: Request, env: { JWT_GUARD_STORE: DurableObjectNamespaceLike }) {
 *     const store = createDurableObjectStore(env.JWT_GUARD_STORE);
 *     const won = await store.compareAndSet('rt:family:abc', undefined, '{}', 60_000);
 *     return new Response(String(won));
 *   },
 * };
 * ```
 */
export function createDurableObjectStore(
  namespace: DurableObjectNamespaceLike,
  options: DurableObjectStoreOptions = {},
): Required<SharedStore> {
  if (typeof namespace?.idFromName !== 'function' || typeof namespace.get !== 'function') {
    throw new TypeError(
      'createDurableObjectStore: namespace must be a Durable Object namespace binding',
    );
  }
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('createDurableObjectStore: options must be an object');
  }
  const prefix = resolvePrefix(options.prefix, 'createDurableObjectStore');

  async function send(key: string, operation: StoreObjectOperation): Promise<unknown> {
    let answer: StoreObjectAnswer;
    try {
      const stub = namespace.get(namespace.idFromName(prefix + key) as never);
      const response = await stub.fetch(
        new Request(OPERATION_URL, { method: 'POST', body: JSON.stringify(operation) }),
      );
      if (response.status !== 200) throw new Error(`the store object answered ${response.status}`);
      answer = (await response.json()) as StoreObjectAnswer;
    } catch (cause) {
      throw new StoreError('ERR_STORE_UNAVAILABLE', { cause });
    }
    return answer.result;
  }

  return {
    async get(key) {
      const result = await send(key, { op: 'get' });
      return typeof result === 'string' ? result : undefined;
    },
    async set(key, value, ttlMs) {
      checkTtl(ttlMs);
      await send(key, { op: 'set', value, ttlMs });
    },
    async setIfAbsent(key, value, ttlMs) {
      checkTtl(ttlMs);
      return (await send(key, { op: 'setIfAbsent', value, ttlMs })) === true;
    },
    async compareAndSet(key, expected, next, ttlMs) {
      checkTtl(ttlMs);
      const operation = { op: 'compareAndSet', value: next, expected: expected ?? null, ttlMs };
      return (await send(key, operation as StoreObjectOperation)) === true;
    },
    async delete(key) {
      await send(key, { op: 'delete' });
    },
  };
}
