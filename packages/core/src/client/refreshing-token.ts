/**
 * One cached access token and how it is renewed: ahead of expiry in the background, one
 * request in flight however many callers ask, never handed out once (nearly) expired,
 * and after a failed round a growing, jittered cooldown in which callers without a usable
 * token fail at once instead of piling onto an issuer that is down.
 */
import { TokenClientError } from './token-client-error.js';
import type { IssuedToken } from './token-request.js';

/** How tokens are obtained and timed. */
export interface RefreshingTokenOptions {
  /** One round of requests (retries included) for a new token. */
  readonly obtain: () => Promise<IssuedToken>;
  readonly now: () => number;
  /** Fixed renewal margin in ms; default 60 s or 10% of the lifetime, whichever is smaller. */
  readonly refreshAheadMs: number | undefined;
}

/** A token kept fresh. */
export interface RefreshingToken {
  /** A token with time left, from the cache or a new request. */
  get(): Promise<string>;
  /** Drops `token` if it is the cached one (the resource server refused it). */
  invalidate(token: string): void;
  /**
   * Whether a `get()` after invalidating `token` would ask the issuer: `token` is the cached
   * one, or nothing is cached nor on its way. False when another caller already renewed it.
   */
  wouldRenew(token: string): boolean;
}

interface Entry {
  readonly token: string;
  readonly refreshAt: number;
  readonly usableUntil: number;
}

const DEFAULT_MARGIN_MS = 60_000;
// Least time left on a token handed out: the call it is for must still reach the server.
const MAX_FLOOR_MS = 5_000;
const FIRST_COOLDOWN_MS = 1_000;
const MAX_COOLDOWN_MS = 30_000;

function entryOf(
  issued: IssuedToken,
  receivedAt: number,
  marginMs: number | undefined,
): Entry | undefined {
  if (issued.expiresAt === undefined) return undefined;
  const lifetime = issued.expiresAt - receivedAt;
  const margin =
    marginMs === undefined
      ? Math.min(DEFAULT_MARGIN_MS, lifetime / 10)
      : Math.min(marginMs, lifetime / 2);
  return {
    token: issued.accessToken,
    refreshAt: issued.expiresAt - margin,
    usableUntil: issued.expiresAt - Math.min(MAX_FLOOR_MS, margin / 2),
  };
}

/**
 * Keeps one token fresh with `obtain`.
 *
 * @example
 * ```ts
 * const cached = createRefreshingToken({ obtain: () => requestToken(request), now: Date.now, refreshAheadMs: undefined });
 * const token = await cached.get();
 * ```
 */
export function createRefreshingToken(options: RefreshingTokenOptions): RefreshingToken {
  const { obtain, now } = options;
  let current: Entry | undefined;
  let inflight: Promise<string> | undefined;
  let failures = 0;
  let cooldown: { until: number; error: unknown } | undefined;

  const refresh = () => {
    inflight ??= obtain()
      .then((issued) => {
        const receivedAt = now();
        if (issued.expiresAt !== undefined && issued.expiresAt <= receivedAt)
          throw new TokenClientError('ERR_TOKEN_RESPONSE_INVALID', {
            cause: new RangeError('the issued token has already expired'),
          });
        // A token without a known expiry serves the callers waiting for it, and no one else.
        current = entryOf(issued, receivedAt, options.refreshAheadMs);
        failures = 0;
        cooldown = undefined;
        return issued.accessToken;
      })
      .catch((error: unknown) => {
        failures += 1;
        const ceiling = Math.min(MAX_COOLDOWN_MS, FIRST_COOLDOWN_MS * 2 ** (failures - 1));
        cooldown = { until: now() + ceiling / 2 + (Math.random() * ceiling) / 2, error };
        throw error;
      })
      .finally(() => {
        inflight = undefined;
      });
    return inflight;
  };
  const coolingDown = (at: number) => cooldown !== undefined && at < cooldown.until;

  return {
    async get() {
      const at = now();
      if (current && at < current.refreshAt) return current.token;
      if (current && at < current.usableUntil) {
        // Renewal window: the cached token still has time; renew without making callers wait.
        if (!coolingDown(at)) refresh().catch(() => undefined);
        return current.token;
      }
      current = undefined;
      if (inflight) return inflight;
      if (cooldown && coolingDown(at)) throw cooldown.error;
      return refresh();
    },
    invalidate(token) {
      if (current?.token === token) current = undefined;
    },
    wouldRenew(token) {
      return current === undefined ? inflight === undefined : current.token === token;
    },
  };
}
