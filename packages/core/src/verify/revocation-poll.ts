/**
 * One poll of the Workers revocation feed: a full load when the follower is not current,
 * else the changes since its version; any failure disconnects the mirror.
 */
import type { ResolvedFeedSettings } from './durable-object-feed-options.js';
import type { RevocationFeedListener } from './revocation-feed.js';
import { postRevocationOperation, readRevocationPage } from './revocation-object-client.js';

/** Where a follower stands in the object's history. */
export interface Head {
  readonly epoch: string;
  readonly version: number;
}

/** A full load the mirror asked for: the rows it awaits, and where the load started. */
export interface Loading {
  readonly rows: Promise<ReadonlyArray<readonly [string, number]>>;
  readonly head: Promise<Head>;
}

/** What a feed knows between polls; the feed's factory owns it. */
export interface FeedState {
  readonly settings: ResolvedFeedSettings;
  listener: RevocationFeedListener | undefined;
  /** The deny list's key prefix, learnt from its first load; changes outside it are skipped. */
  keyPrefix: string;
  /** Where the follower stands: undefined until a full load in this epoch has finished. */
  head: Head | undefined;
  /** The last full load the mirror asked for. */
  lastLoad: Loading | undefined;
  lastAttemptAt: number;
  lastSuccessAt: number;
  inflight: Promise<void> | undefined;
  /** When the poll in flight started. */
  inflightSince: number;
}

/** One poll: a full load when not following yet, else the changes; any failure disconnects. */
export async function runPoll(state: FeedState): Promise<void> {
  state.lastAttemptAt = Date.now();
  const { listener } = state;
  if (listener === undefined) return;
  try {
    if (state.head === undefined) await reload(state, listener);
    else await catchUp(state, listener, state.head);
    state.lastSuccessAt = Date.now();
    listener.alive();
  } catch (error) {
    state.head = undefined;
    listener.disconnected();
    state.settings.onError(error);
  }
}

/**
 * `connected()` makes the mirror load the full set through `load()` at once; the feed then
 * follows from the version that load started at (revocations are only ever added, so one
 * written during the load is seen again among the changes, harmlessly).
 */
async function reload(state: FeedState, listener: RevocationFeedListener): Promise<void> {
  state.lastLoad = undefined;
  listener.connected();
  const loading = state.lastLoad as Loading | undefined;
  if (loading === undefined) throw new Error('the mirror did not load the set');
  // The mirror's own handler on `rows` was attached first, so it has taken the load (and
  // trusts it) before this poll reports success.
  await loading.rows;
  state.head = await loading.head;
}

async function catchUp(
  state: FeedState,
  listener: RevocationFeedListener,
  head: Head,
): Promise<void> {
  let { version } = head;
  for (;;) {
    const page = readRevocationPage(
      await postRevocationOperation(state.settings, {
        op: 'changes',
        epoch: head.epoch,
        since: version,
        maxBytes: state.settings.maxAnswerBytes,
      }),
    );
    // The log no longer reaches back to us (or the object started afresh): reload in full.
    if (page.reset === true) return reload(state, listener);
    for (const [key, untilMs] of page.rows) {
      if (key.startsWith(state.keyPrefix)) listener.revoked(key, untilMs);
    }
    version = page.version;
    state.head = { epoch: head.epoch, version };
    if (page.more !== true) return;
  }
}

/**
 * Every revocation under `keyPrefix`, page by page, handed to `take`; resolves with the
 * version the first page saw.
 */
export async function loadAll(
  settings: ResolvedFeedSettings,
  keyPrefix: string,
  take: (key: string, untilMs: number) => void,
): Promise<Head> {
  let first: Head | undefined;
  let after: string | undefined;
  do {
    const page = readRevocationPage(
      await postRevocationOperation(settings, {
        op: 'load',
        prefix: keyPrefix,
        maxBytes: settings.maxAnswerBytes,
        ...(after === undefined ? {} : { after }),
      }),
    );
    first ??= { epoch: page.epoch, version: page.version };
    for (const [key, untilMs] of page.rows) take(key, untilMs);
    after = page.next;
  } while (after !== undefined);
  return first;
}
