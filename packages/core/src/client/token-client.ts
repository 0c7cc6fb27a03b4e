/**
 * `createTokenClient`: access tokens for calls between services by the client credentials
 * grant (RFC 6749 §4.4), token exchange on a user's behalf (RFC 8693), and a fetch that
 * sends them. Only fetch and WebCrypto (through jose): it runs on Node, Bun, Deno and Workers.
 */
import { safeListener } from '../events.js';
import { createAuthorizedFetch } from './authorized-fetch.js';
import { createClientAuthentication } from './client-authentication.js';
import { discoverTokenEndpoint } from './discover-token-endpoint.js';
import { createDpopProver, type DpopProver } from './dpop-prover.js';
import {
  type ResolvedTokenClientOptions,
  resolveTokenClientOptions,
  type TokenClientOptions,
} from './options.js';
import { createRefreshingToken } from './refreshing-token.js';
import { createRenewalBudget } from './renewal-budget.js';
import { withRetries } from './retry.js';
import { TokenClientError } from './token-client-error.js';
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
  /**
   * A token for another API on behalf of `subjectToken` (RFC 8693, or Entra's on-behalf-of
   * grant); cached per subject token hash, audience and scope until the earlier of the two
   * tokens' expiries, one request at a time per key.
   */
  exchange: Exchange;
  // `string | URL | Request`, not the DOM's `RequestInfo`: a Node project without the DOM lib compiles it.
  /**
   * `fetch` with `Authorization: Bearer <token>` (with `dpop`: `Authorization: DPoP <token>`
   * and a fresh proof). After a 401 `invalid_token` (Bearer or DPoP challenge), one retry
   * with a renewed token, within `renewalLimit`; after a 401 `use_dpop_nonce`, one retry
   * with the server's nonce.
   */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /**
   * A DPoP proof for one request by your own HTTP client: `htm` = `method`, `htu` = `url`
   * without query and fragment, `ath` when `accessToken` is given (send one with every
   * request that carries a token), and the last nonce `url`'s origin handed out. Rejects
   * with a `TypeError` when the client has no `dpop` key.
   */
  proof(method: string, url: string | URL, accessToken?: string): Promise<string>;
  /** Keeps the `DPoP-Nonce` of a response your own HTTP client got from `url`, for the next proofs. */
  learnNonce(url: string | URL, response: Response): void;
}

// RFC 9449 §8: the token endpoint asks for a nonce with a 400 `use_dpop_nonce`.
const asksForNonce = (error: unknown) =>
  error instanceof TokenClientError && error.oauthError === 'use_dpop_nonce';

function createGrantRequester(options: ResolvedTokenClientOptions, dpop: DpopProver | undefined) {
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
      const send = async () =>
        requestToken({
          endpoint: url,
          params,
          credentials: await authenticate(url),
          fetch: options.fetch,
          timeoutMs: options.timeoutMs,
          now: options.now,
          dpop,
        });
      // Once more with the nonce the refusal carried (the prover has kept it).
      return send().catch((error: unknown) => {
        if (dpop && asksForNonce(error)) return send();
        throw error;
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
  const dpop = resolved.dpopKey && createDpopProver(resolved.dpopKey, resolved.now);
  const request = createGrantRequester(resolved, dpop);
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
      grant: resolved.exchangeGrant,
    }),
    fetch: createAuthorizedFetch({
      token,
      fetch: resolved.fetch,
      dpop,
      renewals: createRenewalBudget(resolved.renewalLimit, resolved.now),
      renewalLimit: resolved.renewalLimit,
      emit: safeListener(resolved.events),
    }),
    async proof(method, url, accessToken) {
      if (!dpop) throw new TypeError('proof: the token client has no dpop key');
      return dpop.proof(method, url, accessToken);
    },
    learnNonce(url, response) {
      dpop?.learnNonce(url, response);
    },
  };
}
