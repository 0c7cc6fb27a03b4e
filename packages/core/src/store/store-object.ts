/**
 * The Durable Object class behind `createDurableObjectStore`: one entry per object, applied
 * one operation at a time, with its expiry kept beside the value.
 */
import type { StoreObjectAnswer, StoreObjectOperation } from './durable-object-store.js';
import { answerPosted, serialRunner } from './object-operations.js';

/**
 * The part of a Durable Object's `ctx.storage` the object uses, so core needs no Workers
 * types.
 *
 * @example
 * ```ts
 * const storage: DurableObjectStorageLike = ctx.storage;
 * ```
 */
export interface DurableObjectStorageLike {
  get(key: string): Promise<unknown>;
  put(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<boolean>;
  setAlarm(scheduledTimeMs: number): Promise<void>;
  deleteAlarm(): Promise<void>;
}

/**
 * The part of a Durable Object's state (`ctx`) the object uses.
 *
 * @example
 * ```ts
 * const state: DurableObjectStateLike = ctx;
 * ```
 */
export interface DurableObjectStateLike {
  readonly storage: DurableObjectStorageLike;
}

/** What the object keeps: the value and when it stops being one, in epoch milliseconds. */
interface Entry {
  readonly value: string;
  readonly expiresAt: number;
}

const ENTRY = 'entry';
const OPERATIONS = new Set(['get', 'set', 'setIfAbsent', 'compareAndSet', 'delete']);

/**
 * The Durable Object class of {@link createDurableObjectStore}: export it from your Worker
 * under a Durable Object binding. Each object holds one key's entry. Operations are chained
 * one after another on the object (on top of the runtime's input gates, which already keep
 * other requests out while storage is awaited), so a compare-and-set reads and writes with
 * nothing in between. An expired entry is treated as absent at once and removed by an alarm
 * set for its expiry.
 *
 * @example
 * ```ts
 * // wrangler.toml: [[durable_objects.bindings]] name = "JWT_GUARD_STORE" class_name = "JwtGuardStoreObject"
 * // plus a migration: [[migrations]] tag = "v1" new_sqlite_classes = ["JwtGuardStoreObject"]
 * export { JwtGuardStoreObject } from '@jwt-guard/core';
 * ```
 */
export class JwtGuardStoreObject {
  readonly #storage: DurableObjectStorageLike;
  readonly #serially = serialRunner();

  constructor(state: DurableObjectStateLike, _env?: unknown) {
    this.#storage = state.storage;
  }

  /** Applies one posted operation; 400 for a body that is not one. */
  fetch(request: Request): Promise<Response> {
    return answerPosted(request, readOperation, async (operation) => {
      const answer: StoreObjectAnswer = {
        result: await this.#serially(() => this.#apply(operation)),
      };
      return answer;
    });
  }

  /** Removes the entry once it has expired (an earlier write may have moved its expiry on). */
  async alarm(): Promise<void> {
    await this.#serially(async () => {
      const entry = (await this.#storage.get(ENTRY)) as Entry | undefined;
      if (entry === undefined) return;
      if (entry.expiresAt <= Date.now()) await this.#storage.delete(ENTRY);
      else await this.#storage.setAlarm(entry.expiresAt);
    });
  }

  async #apply(operation: StoreObjectOperation): Promise<string | boolean | null> {
    const stored = (await this.#storage.get(ENTRY)) as Entry | undefined;
    const current = stored !== undefined && stored.expiresAt > Date.now() ? stored.value : null;
    switch (operation.op) {
      case 'get':
        return current;
      case 'delete':
        await this.#storage.delete(ENTRY);
        await this.#storage.deleteAlarm();
        return null;
      case 'setIfAbsent':
        if (current !== null) return false;
        break;
      case 'compareAndSet':
        if (current !== operation.expected) return false;
        break;
    }
    const expiresAt = Date.now() + Math.ceil(operation.ttlMs!);
    await this.#storage.put(ENTRY, { value: operation.value!, expiresAt } satisfies Entry);
    await this.#storage.setAlarm(expiresAt);
    return operation.op === 'set' ? null : true;
  }
}

/** The posted body as an operation, or a throw: the object trusts no shape it did not check. */
function readOperation(body: unknown): StoreObjectOperation {
  const operation = body as StoreObjectOperation;
  if (typeof operation !== 'object' || operation === null || !OPERATIONS.has(operation.op)) {
    throw new TypeError('not an operation');
  }
  if (operation.op === 'get' || operation.op === 'delete') return operation;
  const { value, ttlMs, expected } = operation;
  if (typeof value !== 'string' || typeof ttlMs !== 'number' || !(ttlMs > 0 && ttlMs < 2 ** 52)) {
    throw new TypeError('not an operation');
  }
  if (operation.op === 'compareAndSet' && expected !== null && typeof expected !== 'string') {
    throw new TypeError('not an operation');
  }
  return operation;
}
