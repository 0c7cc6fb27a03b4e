/**
 * `createTokenClient`: access tokens for calls between services by the client credentials
 * grant (RFC 6749 §4.4), token exchange on a user's behalf (RFC 8693), and a fetch that
 * sends them. Only fetch and WebCrypto (through jose): it runs on Node, Bun, Deno and Workers.
 */
import { createAuthorizedFetch } from './authorized-fetch.js';
import { createClientAuthentication } from './client-authentication.js';
import { discoverTokenEndpoint } from './discover-token-endpoint.js';
import {
  type ResolvedTokenClientOptions,
  resolveTokenClientOptions,
  type TokenClientOptions,
} from './options.js';
import { createRefreshingToken } from './refreshing-token.js';
import { withRetries } from './retry.js';
import { createTokenExchange, type Exchange } from './token-exchange.js';
import { type IssuedToken, requestToken } from './token-request.js';

/** A client of one issuer's token endpoint. */
export interface TokenClient {
  /**
   * A client-credentials access token with time left. Cached; renewed ahead of expiry in
   * the background; one request in flight for any number of callers. Rejects with a
   * `TokenClientError` when no unexpired token can be had, at once while the issuer is
   * in its post-failure cooldown.
   */
  getToken(): Promise<string>;
  /** A token for another API on behalf of `subjectToken` (RFC 8693); cached per subject, audience and scope. */
  exchange: Exchange;
  // `string | URL | Request`, not the DOM's `RequestInfo`: a Node project without the DOM lib compiles it.
  /** `fetch` with `Authorization: Bearer <token>`; one retry with a new token after a 401 `invalid_token`. */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
}

function createGrantRequester(options: ResolvedTokenClientOptions) {
  const authenticate = createClientAuthentication(options);
  let endpoint: Promise<string> | undefined;
  const tokenEndpoint = () => {
    // Discovered once; a failed discovery is not kept, so the next round tries again.
    endpoint ??= discoverTokenEndpoint(options.issuer, options).catch((error: unknown) => {
      endpoint = undefined;
      throw error;
    });
    return endpoint;
  };
  return (params: Readonly<Record<string, string>>): Promise<IssuedToken> =>
    withRetries(async () => {
      const url = await tokenEndpoint();
      return requestToken({
        endpoint: url,
        params,
        credentials: await authenticate(url),
        fetch: options.fetch,
        timeoutMs: options.timeoutMs,
        now: options.now,
      });
    }, options.retries);
}

/**
 * Creates a token client. Options are checked here (`TypeError` naming the option); the
 * issuer is contacted on first use, not at creation.
 *
 * @example
 * ```ts
 * const client = createTokenClient({
 *   issuer: 'https://id.example.com',
 *   clientId: 'orders-worker',
 *   clientSecret: process.env.CLIENT_SECRET,
 *   audience: 'https://billing.example.com',
 *   scope: 'invoices:read',
 * });
 * const response = await client.fetch('https://billing.example.com/invoices');
 * const token = await client.getToken(); // for a client of your own
 * ```
 */
export function createTokenClient(options: TokenClientOptions): TokenClient {
  const resolved = resolveTokenClientOptions(options);
  const request = createGrantRequester(resolved);
  const params: Record<string, string> = { grant_type: 'client_credentials' };
  if (resolved.audience !== undefined) params[resolved.audienceParameter] = resolved.audience;
  if (resolved.scope !== undefined) params.scope = resolved.scope;
  const token = createRefreshingToken({
    obtain: () => request(params),
    now: resolved.now,
    refreshAheadMs: resolved.refreshAheadMs,
  });
  return {
    getToken: () => token.get(),
    exchange: createTokenExchange({
      request,
      now: resolved.now,
      refreshAheadMs: resolved.refreshAheadMs,
      maxEntries: resolved.exchangeCacheSize,
      audienceParameter: resolved.audienceParameter,
      defaultAudience: resolved.audience,
    }),
    fetch: createAuthorizedFetch(token, resolved.fetch),
  };
}
