/**
 * The Durable Object behind `createDurableObjectRevocationFeed`: one object holds a deny
 * list's revocations, a version bumped by each, and a bounded log of the latest changes, so
 * an isolate's mirror loads the set once and then asks only "what changed since N".
 */
import { answerPosted, serialRunner } from './object-operations.js';
import {
  ANSWER_ENVELOPE_BYTES,
  type RevocationOperation,
  type RevocationPage,
  type RevocationRow,
  readRevocationOperation,
  rowBytes,
  rowsWithin,
} from './revocation-wire.js';

/**
 * The part of a Durable Object's `ctx.storage` this object uses (the key-value API, on
 * SQLite-backed and classic objects alike), so core needs no Workers types.
 *
 * @example
 * ```ts
 * const storage: RevocationStorageLike = ctx.storage;
 * ```
 */
export interface RevocationStorageLike {
  get(key: string): Promise<unknown>;
  put(entries: Record<string, unknown>): Promise<void>;
  delete(keys: string[]): Promise<number>;
  list(options: {
    prefix?: string;
    start?: string;
    startAfter?: string;
    end?: string;
    limit?: number;
  }): Promise<Map<string, unknown>>;
  getAlarm(): Promise<number | null>;
  setAlarm(scheduledTimeMs: number): Promise<void>;
}

/** What the object is constructed with (the runtime's `ctx`). */
export interface RevocationStateLike {
  readonly storage: RevocationStorageLike;
}

interface Meta {
  readonly epoch: string;
  readonly version: number;
}

// Storage keys: the meta record, a revocation, a change by version, an expiry index entry.
const META = 'meta';
const REVOKED = 'r:';
const CHANGE = 'c:';
const EXPIRY = 'x:';
/** Changes kept: a follower further behind reloads the full set. */
const MAX_LOG = 1_024;
/** Rows read from storage per answer, before the byte cap trims them. */
const PAGE = 512;
/** Storage deletes at most 128 keys per call. */
const DELETE_BATCH = 128;

const padded = (n: number) => String(Math.ceil(n)).padStart(16, '0');

/**
 * The Durable Object class of `createDurableObjectRevocationFeed`: export it from your
 * Worker and bind it. Revoking writes the entry, its expiry index and a change record and
 * bumps the version in one storage transaction; an alarm removes entries once expired, and
 * the change log keeps the last 1 024 changes. Operations run one after another.
 *
 * @example
 * ```ts
 * // wrangler.toml: [[durable_objects.bindings]] name = "REVOCATIONS" class_name = "JwtGuardRevocationObject"
 * // plus a migration: [[migrations]] tag = "v2" new_sqlite_classes = ["JwtGuardRevocationObject"]
 * export { JwtGuardRevocationObject } from '@jwt-guard/core/store';
 * ```
 */
export class JwtGuardRevocationObject {
  readonly #storage: RevocationStorageLike;
  readonly #serially = serialRunner();

  constructor(state: RevocationStateLike, _env?: unknown) {
    this.#storage = state.storage;
  }

  /** Applies one posted operation; 400 for a body that is not one. */
  fetch(request: Request): Promise<Response> {
    return answerPosted(request, readRevocationOperation, (operation) =>
      this.#serially(() => this.#apply(operation)),
    );
  }

  /** Removes the revocations whose expiry has passed, then waits for the next one. */
  async alarm(): Promise<void> {
    await this.#serially(() => sweepExpired(this.#storage));
  }

  async #apply(operation: RevocationOperation): Promise<unknown> {
    const storage = this.#storage;
    switch (operation.op) {
      case 'revoke':
        return { result: await revoke(storage, operation.key, operation.untilMs) };
      case 'has': {
        const until = await storage.get(REVOKED + operation.key);
        return { result: typeof until === 'number' && until > Date.now() };
      }
      case 'load':
        return loadPage(storage, operation.prefix, operation.after, operation.maxBytes);
      case 'changes':
        return changesSince(storage, operation.epoch, operation.since, operation.maxBytes);
    }
  }
}

async function readMeta(storage: RevocationStorageLike): Promise<Meta> {
  const meta = (await storage.get(META)) as Meta | undefined;
  if (meta !== undefined) return meta;
  // A fresh epoch tells followers that versions restarted (the storage was new or wiped).
  const fresh: Meta = { epoch: crypto.randomUUID(), version: 0 };
  await storage.put({ [META]: fresh });
  return fresh;
}

async function revoke(storage: RevocationStorageLike, key: string, untilMs: number) {
  const meta = await readMeta(storage);
  if (!(untilMs > Date.now())) return meta.version;
  const version = meta.version + 1;
  const held = await storage.get(REVOKED + key);
  // One put of several keys is one transaction: the entry, its change and the version.
  await storage.put({
    [META]: { epoch: meta.epoch, version } satisfies Meta,
    [REVOKED + key]: typeof held === 'number' ? Math.max(held, untilMs) : untilMs,
    [CHANGE + padded(version)]: [key, untilMs] satisfies RevocationRow,
    [`${EXPIRY}${padded(untilMs)}:${key}`]: 1,
  });
  if (version > MAX_LOG) await storage.delete([CHANGE + padded(version - MAX_LOG)]);
  const alarm = await storage.getAlarm();
  if (alarm === null || untilMs < alarm) await storage.setAlarm(untilMs);
  return version;
}

async function loadPage(
  storage: RevocationStorageLike,
  prefix: string,
  after: string | undefined,
  maxBytes: number,
): Promise<RevocationPage> {
  const { epoch, version } = await readMeta(storage);
  const listed = await storage.list({
    prefix: REVOKED + prefix,
    ...(after === undefined ? {} : { startAfter: REVOKED + after }),
    limit: PAGE,
  });
  const now = Date.now();
  const rows: RevocationRow[] = [];
  let bytes = ANSWER_ENVELOPE_BYTES;
  let last: string | undefined;
  let full = false;
  for (const [stored, until] of listed) {
    const key = stored.slice(REVOKED.length);
    if (typeof until === 'number' && until > now) {
      bytes += rowBytes([key, until]);
      full = bytes > maxBytes && rows.length > 0;
      if (full) break;
      rows.push([key, until]);
    }
    last = key;
  }
  const more = full || listed.size === PAGE;
  return { epoch, version, rows, ...(more && last !== undefined ? { next: last } : {}) };
}

async function changesSince(
  storage: RevocationStorageLike,
  epoch: string,
  since: number,
  maxBytes: number,
): Promise<RevocationPage> {
  const meta = await readMeta(storage);
  if (epoch !== meta.epoch || since > meta.version || since < meta.version - MAX_LOG) {
    return { epoch: meta.epoch, version: meta.version, rows: [], reset: true };
  }
  if (since === meta.version) return { epoch: meta.epoch, version: since, rows: [] };
  const listed = await storage.list({
    prefix: CHANGE,
    start: CHANGE + padded(since + 1),
    limit: PAGE,
  });
  const rows = rowsWithin([...listed.values()] as RevocationRow[], maxBytes);
  const version = since + rows.length;
  return { epoch: meta.epoch, version, rows, more: version < meta.version };
}

async function sweepExpired(storage: RevocationStorageLike): Promise<void> {
  const now = Date.now();
  const due = await storage.list({ prefix: EXPIRY, end: EXPIRY + padded(now + 1), limit: PAGE });
  const gone: string[] = [];
  for (const indexKey of due.keys()) {
    const key = indexKey.slice(EXPIRY.length + 17);
    const until = await storage.get(REVOKED + key);
    // A later revocation of the same key may have moved its expiry on.
    if (typeof until !== 'number' || until <= now) gone.push(REVOKED + key);
    gone.push(indexKey);
  }
  for (let i = 0; i < gone.length; i += DELETE_BATCH) {
    await storage.delete(gone.slice(i, i + DELETE_BATCH));
  }
  if (due.size === PAGE) return storage.setAlarm(now);
  const [next] = (await storage.list({ prefix: EXPIRY, limit: 1 })).keys();
  if (next !== undefined)
    await storage.setAlarm(Number(next.slice(EXPIRY.length, EXPIRY.length + 16)));
}
