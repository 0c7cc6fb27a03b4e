/** The check, at creation, that a store can hold state that must change atomically. */
import type { SharedStore } from './shared-store.js';

/**
 * A {@link SharedStore} whose optional atomic operations are present: what refresh-token
 * rotation and a key ring need.
 *
 * @example
 * ```ts
 * const store: AtomicSharedStore = assertAtomicStore(options.store, 'store');
 * await store.compareAndSet('keys:ring', undefined, ring, 86_400_000);
 * ```
 */
export type AtomicSharedStore = SharedStore &
  Required<Pick<SharedStore, 'compareAndSet' | 'delete'>>;

/**
 * Returns `store` typed as an {@link AtomicSharedStore}, or throws a `TypeError` naming
 * `option` when it is not a store or lacks `compareAndSet` or `delete`. Call it when a
 * component is created, so that a Workers KV or Cache API store given for refresh-token
 * state fails at start-up instead of letting two concurrent refreshes both win
 * (RFC 9700 §4.14.2 asks for rotation; rotation without an atomic write can fork a token
 * family). Memory, Redis (`@jwt-guard/redis`) and the Durable Object store pass.
 *
 * @example
 * ```ts
 * const store = assertAtomicStore(options.store ?? createMemoryStore(), 'store');
 * ```
 */
export function assertAtomicStore(store: unknown, option: string): AtomicSharedStore {
  const candidate = store as Partial<SharedStore> | null | undefined;
  const isStore =
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.get === 'function' &&
    typeof candidate.set === 'function' &&
    typeof candidate.setIfAbsent === 'function';
  if (!isStore) {
    throw new TypeError(`jwt-guard: option "${option}" must be a SharedStore`);
  }
  if (typeof candidate.compareAndSet !== 'function' || typeof candidate.delete !== 'function') {
    throw new TypeError(
      `jwt-guard: option "${option}" must be a store with an atomic compareAndSet and delete` +
        ' (Workers KV and the Cache API are not atomic); use the memory store, the Redis' +
        ' store (@jwt-guard/redis) or the Durable Object store (createDurableObjectStore)',
    );
  }
  return candidate as AtomicSharedStore;
}
