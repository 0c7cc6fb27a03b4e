/**
 * One issuer fetch for a whole fleet. Before an instance fetches an issuer's key set
 * document, it reads the copy in the shared store; only when that copy does not serve does
 * it go to the issuer, and then under a short lock (`setIfAbsent` with a time to live): the
 * instance holding it fetches and writes the document, the others wait briefly for it on the
 * store. A key rotation (RFC 8725 §3.10: one refetch for an unknown `kid`) then costs the
 * fleet one or two issuer fetches whatever its size, not one per instance.
 *
 * Nothing here can keep an instance from its keys: a store that fails, cannot lock (KV, the
 * Cache API) or whose lock holder never writes is passed by, and the instance fetches itself.
 */
import type { FetchJsonResult } from './fetch-json.js';
import type { HeldKeys } from './jwks-cache.js';
import type { KeySetTimings } from './key-set-lifecycle.js';
import type { FetchedDocument, SharedCopy, SharedKeyDocuments } from './shared-key-documents.js';

/** What {@link createFleetFetch} needs. */
export interface FleetFetchOptions {
  readonly shared: SharedKeyDocuments;
  /** Fetches the document from the issuer (conditionally with `etag`). */
  readonly fetchDocument: (jwksUri: string, etag: string | undefined) => Promise<FetchJsonResult>;
  /** The ids of the usable keys of a document, or `undefined` when it holds none. */
  readonly usableIds: (json: unknown) => Promise<ReadonlySet<string> | undefined>;
  readonly timings: KeySetTimings;
}

/** One load of the key cache, with what the instance holds. */
export interface FleetLoadRequest {
  readonly jwksUri: string;
  readonly etag: string | undefined;
  /** The keys held: their ids and when they stop being fresh; `undefined` when none are. */
  readonly held: HeldKeys | undefined;
  /** A refetch for a key the held set lacks. */
  readonly forced: boolean;
}

/** The document to use, and whether it came from the store rather than the issuer. */
export interface FleetLoad {
  readonly result: FetchJsonResult;
  readonly fromStore: boolean;
}

// The longest an instance waits for another's fetch, and how often it looks meanwhile.
const MAX_WAIT_MS = 2000;
const POLL_MS = 50;
// The lock outlives the holder's fetch (bounded by the timeout), then expires by itself.
const LOCK_SLACK_MS = 1000;

/**
 * Creates the fleet's loader for one key source.
 *
 * @example
 * ```ts
 * const load = createFleetFetch({ shared, fetchDocument, usableIds, timings });
 * const { result } = await load({ jwksUri, etag, held, forced: true });
 * ```
 */
export function createFleetFetch(
  options: FleetFetchOptions,
): (request: FleetLoadRequest) => Promise<FleetLoad> {
  const { shared, timings } = options;
  const waitMs = Math.min(MAX_WAIT_MS, timings.timeoutDuration / 2);
  // The last document handed out, so a 304 to the lock holder can still be shared.
  let last: FetchedDocument | undefined;

  const fromStore = (copy: { result: FetchedDocument }): FleetLoad => {
    last = copy.result;
    return { result: copy.result, fromStore: true };
  };

  // Fetches from the issuer and shares what came back, before answering: the lock holder's
  // waiters look for that copy, and on Workers a write left running after the response is
  // cancelled (a KV or Cache API store would never see it).
  const fetchAndShare = async (request: FleetLoadRequest) => {
    const fetched = await options.fetchDocument(request.jwksUri, request.etag);
    // A 304 confirms the document this instance holds: the one with that etag.
    const document = fetched.notModified
      ? last && last.etag === request.etag
        ? { ...last, maxAgeSeconds: fetched.maxAgeSeconds }
        : undefined
      : fetched;
    if (document) {
      last = document;
      await shared.write(request.jwksUri, document);
    }
    return { result: fetched, fromStore: false };
  };

  return async (request) => {
    const copy = await usableCopy(options, request.jwksUri);
    if (copy && serves(copy, request)) return fromStore(copy);
    const lock = await shared.lock(request.jwksUri, timings.timeoutDuration + LOCK_SLACK_MS);
    if (lock === 'held') {
      // Another instance is fetching: the next copy written (perhaps already) is its fetch.
      const written = await waitForCopy(options, waitMs, request.jwksUri, copy);
      if (written) return fromStore(written);
    }
    try {
      return await fetchAndShare(request);
    } finally {
      if (lock === 'acquired') await shared.unlock(request.jwksUri);
    }
  };
}

// The store's copy, with the ids of its usable keys; `undefined` when it has none.
async function usableCopy(options: FleetFetchOptions, jwksUri: string) {
  const copy = await options.shared.read(jwksUri);
  const ids = copy && (await options.usableIds(copy.result.json));
  return copy && ids ? { ...copy, ids } : undefined;
}

// Polls the store until a copy other than `seen` appears (the lock holder's write), or the
// wait is over. Counted in polls, not read from the clock option, which a test may freeze.
async function waitForCopy(
  options: FleetFetchOptions,
  waitMs: number,
  jwksUri: string,
  seen: SharedCopy | undefined,
) {
  for (let polls = Math.ceil(waitMs / POLL_MS); polls > 0; polls -= 1) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const copy = await usableCopy(options, jwksUri);
    if (copy && copy.writtenUntil !== seen?.writtenUntil) return copy;
  }
  return undefined;
}

// Whether the shared copy can stand for a fetch: with nothing held, any fresh copy; for an
// unknown kid, a copy with a key this instance lacks (the rotated document another instance
// fetched); otherwise a copy fresher than the keys held.
function serves(
  copy: { freshUntil: number; ids: ReadonlySet<string> },
  request: FleetLoadRequest,
): boolean {
  const { held } = request;
  if (held === undefined) return true;
  if (request.forced) return [...copy.ids].some((id) => !held.ids.has(id));
  return copy.freshUntil > held.freshUntil;
}
