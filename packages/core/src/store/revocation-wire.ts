/**
 * The wire between `createDurableObjectRevocationFeed` and `JwtGuardRevocationObject`, which
 * ship together: one JSON operation posted, one JSON answer back.
 */

/** One revocation: its key (the deny list's layout) and its expiry, epoch milliseconds. */
export type RevocationRow = readonly [key: string, untilMs: number];

/**
 * An operation as the feed posts it. `maxBytes` bounds the answer: rows stop before it.
 * `load` pages through the set from `after` (exclusive); `changes` reads the change log
 * after `since` in the object's `epoch`.
 */
export type RevocationOperation =
  | { readonly op: 'revoke'; readonly key: string; readonly untilMs: number }
  | { readonly op: 'has'; readonly key: string }
  | {
      readonly op: 'load';
      readonly prefix: string;
      readonly after?: string;
      readonly maxBytes: number;
    }
  | {
      readonly op: 'changes';
      readonly epoch: string;
      readonly since: number;
      readonly maxBytes: number;
    };

/**
 * The object's answer to `load` and `changes`: its `epoch` (a new one when its storage
 * started afresh) and `version` (one per revocation written), the rows, and whether more
 * follow (`next`: the last key of this page; `more`: further changes). `reset` answers a
 * `changes` the log can no longer serve: the follower reloads the full set.
 */
export interface RevocationPage {
  readonly epoch: string;
  readonly version: number;
  readonly rows: readonly RevocationRow[];
  readonly next?: string;
  readonly more?: boolean;
  readonly reset?: boolean;
}

/** The answer to `revoke` (the new version) and `has`. */
export interface RevocationResult {
  readonly result: number | boolean;
}

/** The URL of every operation; the object reads only the body. */
export const REVOCATION_OPERATION_URL = 'https://jwt-guard-revocations.invalid/';

/** Most bytes a row may take in an answer, beside the rows' own (the envelope's share). */
export const ANSWER_ENVELOPE_BYTES = 256;

const encoder = new TextEncoder();

/**
 * What `row` adds to an answer's JSON, in bytes (its comma included).
 *
 * @example
 * ```ts
 * rowBytes(['revoked:a:1', 1_700_000_000_000]); // 29
 * ```
 */
export function rowBytes(row: RevocationRow): number {
  return encoder.encode(JSON.stringify(row)).byteLength + 1;
}

/**
 * The rows of `candidates` that fit in `maxBytes` of JSON together, in order: always at
 * least one, so a page makes progress (a single row over the cap is refused by the reader).
 *
 * @example
 * ```ts
 * const rows = rowsWithin([['revoked:a:1', 1_700_000_000_000]], 65_536);
 * ```
 */
export function rowsWithin(
  candidates: readonly RevocationRow[],
  maxBytes: number,
): RevocationRow[] {
  const rows: RevocationRow[] = [];
  let bytes = ANSWER_ENVELOPE_BYTES;
  for (const row of candidates) {
    bytes += rowBytes(row);
    if (bytes > maxBytes && rows.length > 0) break;
    rows.push(row);
  }
  return rows;
}

/**
 * The posted body as an operation, or a throw: the object trusts no shape it did not check.
 *
 * @example
 * ```ts
 * const operation = readRevocationOperation(await request.json());
 * ```
 */
export function readRevocationOperation(body: unknown): RevocationOperation {
  const operation = body as Record<string, unknown> | null;
  if (typeof operation !== 'object' || operation === null) throw new TypeError('not an operation');
  const text = (value: unknown) => typeof value === 'string' && value !== '';
  const count = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;
  const fits = (() => {
    switch (operation.op) {
      case 'revoke':
        return text(operation.key) && Number.isFinite(operation.untilMs);
      case 'has':
        return text(operation.key);
      case 'load':
        return (
          typeof operation.prefix === 'string' &&
          (operation.after === undefined || text(operation.after)) &&
          count(operation.maxBytes)
        );
      case 'changes':
        return text(operation.epoch) && count(operation.since) && count(operation.maxBytes);
      default:
        return false;
    }
  })();
  if (!fits) throw new TypeError('not an operation');
  return operation as unknown as RevocationOperation;
}
