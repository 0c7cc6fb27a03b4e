/**
 * One operation posted to a deny list's `JwtGuardRevocationObject`, with a timeout and a cap
 * on the answer's size; every failure is a `StoreError` (`ERR_STORE_UNAVAILABLE`).
 */
import { readCapped } from '../keys/fetch-json.js';
import type { DurableObjectNamespaceLike } from '../store/durable-object-store.js';
import {
  REVOCATION_OPERATION_URL,
  type RevocationOperation,
  type RevocationPage,
  type RevocationRow,
} from '../store/revocation-wire.js';
import { StoreError } from '../store/store-error.js';

/** Where the object is and how its answers are bounded. */
export interface RevocationObjectTarget {
  readonly namespace: DurableObjectNamespaceLike;
  readonly name: string;
  readonly timeoutMs: number;
  readonly maxAnswerBytes: number;
}

/**
 * Posts `operation` and returns the parsed answer. The stub is taken afresh for every call:
 * on Workers an object stub, like any I/O object, belongs to the request that made it.
 *
 * @example
 * ```ts
 * const answer = await postRevocationOperation(target, { op: 'has', key });
 * ```
 */
export async function postRevocationOperation(
  target: RevocationObjectTarget,
  operation: RevocationOperation,
): Promise<unknown> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error('the revocation object did not answer in time'));
    }, target.timeoutMs);
  });
  try {
    return await Promise.race([exchange(target, operation, controller.signal), deadline]);
  } catch (cause) {
    throw new StoreError('ERR_STORE_UNAVAILABLE', { cause });
  } finally {
    clearTimeout(timer);
  }
}

async function exchange(
  target: RevocationObjectTarget,
  operation: RevocationOperation,
  signal: AbortSignal,
): Promise<unknown> {
  const { namespace } = target;
  const stub = namespace.get(namespace.idFromName(target.name) as never);
  const response = await stub.fetch(
    new Request(REVOCATION_OPERATION_URL, { method: 'POST', body: JSON.stringify(operation) }),
  );
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined);
    throw new Error(`the revocation object answered ${response.status}`);
  }
  const text = await readCapped(REVOCATION_OPERATION_URL, response, target.maxAnswerBytes, signal);
  return JSON.parse(text);
}

/**
 * The answer to `load` or `changes`, checked: the object is ours, but what crosses a wire is
 * read as untrusted, so a bad answer fails the poll instead of corrupting the mirror.
 *
 * @example
 * ```ts
 * const page = readRevocationPage(await postRevocationOperation(target, operation));
 * ```
 */
export function readRevocationPage(answer: unknown): RevocationPage {
  const page = answer as RevocationPage | null;
  const valid =
    typeof page === 'object' &&
    page !== null &&
    typeof page.epoch === 'string' &&
    Number.isSafeInteger(page.version) &&
    Array.isArray(page.rows) &&
    page.rows.every(isRow) &&
    (page.next === undefined || typeof page.next === 'string');
  if (!valid) throw new StoreError('ERR_STORE_UNAVAILABLE', { cause: new TypeError('bad page') });
  return page;
}

/**
 * The `result` of a `revoke` or `has` answer.
 *
 * @example
 * ```ts
 * const revoked = readRevocationResult(answer) === true;
 * ```
 */
export function readRevocationResult(answer: unknown): unknown {
  return typeof answer === 'object' && answer !== null
    ? (answer as { result?: unknown }).result
    : undefined;
}

function isRow(row: unknown): row is RevocationRow {
  return (
    Array.isArray(row) &&
    row.length === 2 &&
    typeof row[0] === 'string' &&
    typeof row[1] === 'number' &&
    Number.isFinite(row[1])
  );
}
