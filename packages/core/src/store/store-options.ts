/** Checks shared by every store: the `prefix` option at creation, and a call's time to live. */
import { DEFAULT_STORE_PREFIX } from './shared-store.js';

/**
 * The prefix a store was given, or the default; a `TypeError` naming the option otherwise.
 *
 * @example
 * ```ts
 * const prefix = resolvePrefix(options.prefix, 'createMemoryStore');
 * ```
 */
export function resolvePrefix(prefix: unknown, factory: string): string {
  if (prefix === undefined) return DEFAULT_STORE_PREFIX;
  if (typeof prefix !== 'string') throw new TypeError(`${factory}: prefix must be a string`);
  return prefix;
}

/**
 * Refuses a time to live that is not a positive finite number of milliseconds: a caller's
 * bug, which must not silently store an entry forever or not at all.
 *
 * @example
 * ```ts
 * checkTtl(ttlMs); // throws TypeError on 0, NaN or Infinity
 * ```
 */
export function checkTtl(ttlMs: number): void {
  if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new TypeError('ttlMs must be a positive, finite number of milliseconds');
  }
}
