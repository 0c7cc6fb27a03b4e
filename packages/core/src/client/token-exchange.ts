/**
 * Token exchange (RFC 8693 §2), or Microsoft Entra's on-behalf-of grant: a token for another
 * API on a user's behalf, one cached token per subject token (by its hash), audience, scope
 * and type, in a bounded LRU, kept until the earlier of the two tokens' expiries, one
 * request at a time per key.
 */
import { decodeJwt } from 'jose';
import { LRUCache } from 'lru-cache';
import { accessTokenHash } from '../dpop/proof-claims.js';
import type { ExchangeGrant } from './options.js';
import { createRefreshingToken, type RefreshingToken } from './refreshing-token.js';
import type { IssuedToken } from './token-request.js';

/** What to exchange for. */
export interface ExchangeOptions {
  /** The target API: `resource` or `audience` as the client's `audienceParameter` says. Default: the client's `audience`. */
  readonly audience?: string;
  /**
   * Scopes for the new token, space-separated. Default: none (the server decides). Required
   * with `exchangeGrant: 'on-behalf-of'`, where it names the target (`api://billing/.default`).
   */
  readonly scope?: string;
  /** RFC 8693 §3 type of the subject token. Default `'urn:ietf:params:oauth:token-type:access_token'`. */
  readonly subjectTokenType?: string;
}

/** Exchanges a subject token for a token the cache holds until it is due for renewal. */
export type Exchange = (subjectToken: string, options?: ExchangeOptions) => Promise<string>;

/** How one exchange request is made, and the cache's limits. */
export interface TokenExchangeOptions {
  /** Sends the token request with these grant parameters (retries included). */
  readonly request: (params: Readonly<Record<string, string>>) => Promise<IssuedToken>;
  readonly now: () => number;
  readonly refreshAheadMs: number | undefined;
  readonly maxEntries: number;
  readonly audienceParameter: 'resource' | 'audience';
  readonly defaultAudience: string | undefined;
  readonly grant: ExchangeGrant;
}

const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

// When a JWT subject token ends (ms since the epoch); an opaque one says nothing.
function expiryOf(subjectToken: string): number | undefined {
  try {
    const { exp } = decodeJwt(subjectToken);
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The exchanged token, kept no longer than the subject token it was issued for: a user's
 * session that ended must not live on in a downstream token the cache hands out. If the
 * subject has already expired and the server issued a token all the same, it serves the
 * callers waiting for it and is not kept (the server, not this cache, judges the subject).
 */
function cappedAt(issued: IssuedToken, subjectExpiresAt: number | undefined, now: number) {
  if (subjectExpiresAt === undefined) return issued;
  if (subjectExpiresAt <= now) return { ...issued, expiresAt: undefined };
  const expiresAt =
    issued.expiresAt === undefined
      ? subjectExpiresAt
      : Math.min(issued.expiresAt, subjectExpiresAt);
  return { ...issued, expiresAt };
}

interface ExchangeRequest {
  readonly subjectToken: string;
  readonly subjectTokenType: string;
  readonly audience: string | undefined;
  readonly scope: string | undefined;
}

/**
 * The grant parameters of one exchange. Entra's on-behalf-of grant names its target only by
 * `scope` (`api://billing/.default`), so it needs one and sends no audience.
 *
 * @example
 * ```ts
 * exchangeParams(options, { subjectToken, subjectTokenType, audience: 'https://billing.example.com', scope: undefined });
 * ```
 */
export function exchangeParams(
  options: Pick<TokenExchangeOptions, 'grant' | 'audienceParameter'>,
  request: ExchangeRequest,
): Record<string, string> {
  const { subjectToken, audience, scope } = request;
  if (options.grant === 'on-behalf-of') {
    if (scope === undefined)
      throw new TypeError('exchange: scope is required for the on-behalf-of grant');
    return {
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: subjectToken,
      requested_token_use: 'on_behalf_of',
      scope,
    };
  }
  const params: Record<string, string> = {
    grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
    subject_token: subjectToken,
    subject_token_type: request.subjectTokenType,
    requested_token_type: ACCESS_TOKEN_TYPE,
  };
  if (audience !== undefined) params[options.audienceParameter] = audience;
  if (scope !== undefined) params.scope = scope;
  return params;
}

/**
 * Builds the exchange function.
 *
 * @example
 * ```ts
 * const exchange = createTokenExchange({ request, now: Date.now, refreshAheadMs: undefined, maxEntries: 1000, audienceParameter: 'resource', defaultAudience: undefined, grant: 'token-exchange' });
 * const downstream = await exchange(userToken, { audience: 'https://billing.example.com' });
 * ```
 */
export function createTokenExchange(options: TokenExchangeOptions): Exchange {
  const cache = new LRUCache<string, RefreshingToken>({ max: options.maxEntries });
  return async (subjectToken, exchange = {}) => {
    if (typeof subjectToken !== 'string' || subjectToken === '')
      throw new TypeError('exchange: subjectToken must be a non-empty string');
    const audience = exchange.audience ?? options.defaultAudience;
    const subjectTokenType = exchange.subjectTokenType ?? ACCESS_TOKEN_TYPE;
    const { scope } = exchange;
    const params = exchangeParams(options, { subjectToken, subjectTokenType, audience, scope });
    // A digest keeps keys short and no token in them; the subject token itself stays in its
    // entry, which needs it to renew.
    const key = JSON.stringify([
      await accessTokenHash(subjectToken),
      subjectTokenType,
      audience,
      scope,
    ]);
    let entry = cache.get(key);
    if (!entry) {
      const subjectExpiresAt = expiryOf(subjectToken);
      entry = createRefreshingToken({
        obtain: async () =>
          cappedAt(await options.request(params), subjectExpiresAt, options.now()),
        now: options.now,
        refreshAheadMs: options.refreshAheadMs,
      });
      cache.set(key, entry);
    }
    return entry.get();
  };
}
