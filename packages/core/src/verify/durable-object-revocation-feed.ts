/**
 * A revocation feed for Cloudflare Workers: a short poll of one Durable Object. Workers run
 * no timer outside a request, so the isolate polls lazily: a request that finds the last
 * poll older than `pollMs` starts one and hands it to `ctx.waitUntil`, never waiting on it
 * unless the mirror is close to its staleness bound (an isolate that sat idle).
 */
import {
  type DurableObjectRevocationFeedOptions,
  resolveDurableObjectFeedOptions,
} from './durable-object-feed-options.js';
import type { RevocationFeed } from './revocation-feed.js';
import { postRevocationOperation, readRevocationResult } from './revocation-object-client.js';
import { type FeedState, loadAll, runPoll } from './revocation-poll.js';

export type { DurableObjectRevocationFeedOptions } from './durable-object-feed-options.js';

/** The part of a Workers `ExecutionContext` the feed uses: `ctx`, or Hono's `c.executionCtx`. */
export interface WaitUntilLike {
  waitUntil(promise: Promise<unknown>): void;
}

/**
 * A {@link RevocationFeed} on a Durable Object, kept current by the requests themselves.
 *
 * @example
 * ```ts
 * app.use(async (c, next) => { await feed.poll(c.executionCtx); await next(); });
 * ```
 */
export interface DurableObjectRevocationFeed extends RevocationFeed {
  /**
   * Call at the start of every request, before the deny check. Costs nothing while the last
   * poll is younger than `pollMs`; otherwise starts one in the background (`ctx.waitUntil`).
   * The returned promise waits for the poll only when the mirror would otherwise be past
   * trusting (an isolate's first request, or one after an idle spell); it never rejects.
   */
  poll(ctx?: WaitUntilLike): Promise<void>;
}

const RESOLVED = Promise.resolve();

/**
 * Opens a feed on the `JwtGuardRevocationObject` named `name` in `namespace`, for
 * `createDenyList({ feed })`: revocations are written to the object (entry, expiry and
 * version in one call) and each isolate mirrors them, polling "changes since version N".
 * Create it once per isolate (bindings arrive with the first request), and call
 * `feed.poll(ctx)` at the start of each request.
 *
 * @example
 * ```ts
 * let guard: { feed: DurableObjectRevocationFeed; denyList: DenyList } | undefined;
 * app.use(async (c, next) => {
 *   guard ??= (() => {
 *     const feed = createDurableObjectRevocationFeed({ namespace: c.env.REVOCATIONS });
 *     return { feed, denyList: createDenyList({ feed }) };
 *   })();
 *   await guard.feed.poll(c.executionCtx);
 *   await next();
 * });
 * app.use(jwtAuth({ issuer, audience, isRevoked: (payload) => guard!.denyList.isRevoked(payload) }));
 * ```
 */
export function createDurableObjectRevocationFeed(
  options: DurableObjectRevocationFeedOptions,
): DurableObjectRevocationFeed {
  const settings = resolveDurableObjectFeedOptions(options);
  const state: FeedState = {
    settings,
    listener: undefined,
    keyPrefix: '',
    head: undefined,
    lastLoad: undefined,
    lastAttemptAt: Number.NEGATIVE_INFINITY,
    lastSuccessAt: Number.NEGATIVE_INFINITY,
    inflight: undefined,
    inflightSince: Number.NEGATIVE_INFINITY,
  };
  return {
    async revoke(key, untilMs) {
      await postRevocationOperation(settings, { op: 'revoke', key, untilMs });
    },
    async has(key) {
      return (
        readRevocationResult(await postRevocationOperation(settings, { op: 'has', key })) === true
      );
    },
    load(keyPrefix) {
      state.keyPrefix = keyPrefix;
      const loaded: Array<readonly [string, number]> = [];
      // Pages go to the mirror as they come, so a large set is never held twice; without a
      // follower (nobody to push to) they are returned instead.
      const { listener } = state;
      const take = (key: string, untilMs: number) =>
        listener === undefined ? loaded.push([key, untilMs]) : listener.revoked(key, untilMs);
      const head = loadAll(settings, keyPrefix, take);
      const rows = head.then(() => loaded);
      state.lastLoad = { rows, head };
      return rows;
    },
    follow(listener) {
      if (state.listener !== undefined) {
        throw new TypeError('createDurableObjectRevocationFeed: a feed serves one deny list');
      }
      state.listener = listener;
      state.head = undefined;
      return () => {
        if (state.listener === listener) state.listener = undefined;
      };
    },
    poll: (ctx) => pollIfDue(state, ctx),
  };
}

/** The request-path step: a clock read, and a poll only when one is due. */
function pollIfDue(state: FeedState, ctx: WaitUntilLike | undefined): Promise<void> {
  const now = Date.now();
  const { pollMs, waitAfterMs, timeoutMs } = state.settings;
  // On Workers a poll outlives its request only through waitUntil, and not past the
  // runtime's limit: one cut off never settles. Past twice its timeout it is given up.
  if (state.inflight !== undefined && now - state.inflightSince > 2 * timeoutMs) {
    state.inflight = undefined;
  }
  if (state.inflight === undefined && now - state.lastAttemptAt >= pollMs) {
    const poll: Promise<void> = runPoll(state).finally(() => {
      if (state.inflight === poll) state.inflight = undefined;
    });
    state.inflight = poll;
    state.inflightSince = now;
    // Even a request that waits hands it over: its wait is bounded, a full load may not be.
    ctx?.waitUntil(poll);
  }
  if (state.inflight === undefined || now - state.lastSuccessAt < waitAfterMs) return RESOLVED;
  return waitAtMost(state.inflight, timeoutMs);
}

/**
 * `poll`, or nothing after `ms`: a request never waits longer than one object request may
 * take, even on a poll that another request started and the runtime cut off.
 */
function waitAtMost(poll: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return Promise.race([poll, timeout]).finally(() => clearTimeout(timer));
}
