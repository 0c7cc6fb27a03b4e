/** The options of `createDurableObjectRevocationFeed`, checked once at creation. */
import type { DurableObjectNamespaceLike } from '../store/durable-object-store.js';
import type { RevocationObjectTarget } from './revocation-object-client.js';

/**
 * Options of `createDurableObjectRevocationFeed`.
 *
 * @example
 * ```ts
 * const options: DurableObjectRevocationFeedOptions = { namespace: env.REVOCATIONS, pollMs: 500 };
 * ```
 */
export interface DurableObjectRevocationFeedOptions {
  /** The Durable Object namespace bound to `JwtGuardRevocationObject` (`env.REVOCATIONS`). */
  readonly namespace: DurableObjectNamespaceLike;
  /** The object's name: one object per deny list. Default `'jwt-guard:revocations'`. */
  readonly name?: string;
  /**
   * How often (milliseconds) an isolate asks the object what changed: at most one small
   * request per isolate per interval, started by a request through `poll(ctx)`, never one
   * per request. A revocation reaches a busy isolate within about this. Default 500.
   */
  readonly pollMs?: number;
  /**
   * The deny list's `maxStalenessMs` (give both the same value; default 1 000, as there):
   * must exceed `pollMs`. Once the last successful poll is older than halfway between the two,
   * `poll(ctx)` makes the request wait for the poll instead of letting the mirror refuse.
   */
  readonly maxStalenessMs?: number;
  /** Most bytes one answer of the object may carry; a full load comes in pages under it. Default 1 MiB. */
  readonly maxAnswerBytes?: number;
  /** How long (milliseconds) one request to the object may take before the poll fails. Default 2 000. */
  readonly timeoutMs?: number;
  /** Told when a poll fails (the mirror then fails closed past its bound). Default: nothing. */
  readonly onError?: (error: unknown) => void;
}

/** What the feed runs on. */
export interface ResolvedFeedSettings extends RevocationObjectTarget {
  readonly pollMs: number;
  /** A request waits for the poll once the last success is this old. */
  readonly waitAfterMs: number;
  readonly onError: (error: unknown) => void;
}

const MIN_ANSWER_BYTES = 4_096;

/**
 * The settings of `options`, or a `TypeError` naming the option.
 *
 * @example
 * ```ts
 * const settings = resolveDurableObjectFeedOptions({ namespace: env.REVOCATIONS });
 * ```
 */
export function resolveDurableObjectFeedOptions(
  options: DurableObjectRevocationFeedOptions,
): ResolvedFeedSettings {
  const fail = (name: string, rule: string): never => {
    throw new TypeError(`createDurableObjectRevocationFeed: option "${name}" ${rule}`);
  };
  if (typeof options !== 'object' || options === null) fail('options', 'must be an object');
  const { namespace, name = 'jwt-guard:revocations', onError = () => {} } = options;
  if (typeof namespace?.idFromName !== 'function' || typeof namespace.get !== 'function') {
    fail('namespace', 'must be a Durable Object namespace binding');
  }
  if (typeof name !== 'string' || name === '') fail('name', 'must be a non-empty string');
  if (typeof onError !== 'function') fail('onError', 'must be a function');
  const integer = (key: keyof DurableObjectRevocationFeedOptions, fallback: number, min = 1) => {
    const value = options[key] ?? fallback;
    if (!Number.isSafeInteger(value) || (value as number) < min) {
      fail(key, `must be an integer of at least ${min}`);
    }
    return value as number;
  };
  const pollMs = integer('pollMs', 500);
  const maxStalenessMs = integer('maxStalenessMs', 1_000);
  if (maxStalenessMs <= pollMs) fail('maxStalenessMs', 'must exceed pollMs');
  return {
    namespace,
    name,
    pollMs,
    waitAfterMs: Math.floor((pollMs + maxStalenessMs) / 2),
    maxAnswerBytes: integer('maxAnswerBytes', 1_048_576, MIN_ANSWER_BYTES),
    timeoutMs: integer('timeoutMs', 2_000),
    onError,
  };
}
