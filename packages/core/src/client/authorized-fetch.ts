/**
 * A fetch that sends the client's token as `Authorization: Bearer` (RFC 6750 §2.1), or as
 * `Authorization: DPoP` with a fresh proof (RFC 9449 §7.1). When the server refuses the
 * token as `invalid_token` on either scheme, it renews it and retries once, within the
 * client's renewal limit; when a DPoP server asks for a nonce (`use_dpop_nonce`, §9), it
 * retries once with it.
 */
import { challengeError } from './challenge-error.js';
import type { DpopProver } from './dpop-prover.js';
import type { RefreshingToken } from './refreshing-token.js';
import type { RenewalBudget, RenewalLimit } from './renewal-budget.js';
import type { TokenClientEventListener } from './token-client-events.js';

/** What the wrapper sends with, and the limit on renewals. */
export interface AuthorizedFetchOptions {
  readonly token: RefreshingToken;
  readonly fetch: typeof fetch;
  /** Present when the client's tokens are DPoP-bound. */
  readonly dpop: DpopProver | undefined;
  readonly renewals: RenewalBudget;
  readonly renewalLimit: RenewalLimit;
  readonly emit: TokenClientEventListener | undefined;
}

interface Sent {
  readonly response: Response;
  readonly accessToken: string;
  /** The response carried a nonce the client had not used yet. */
  readonly newNonce: boolean;
}

async function send(options: AuthorizedFetchOptions, request: Request): Promise<Sent> {
  const accessToken = await options.token.get();
  const { dpop } = options;
  if (dpop) {
    request.headers.set('authorization', `DPoP ${accessToken}`);
    request.headers.set('dpop', await dpop.proof(request.method, request.url, accessToken));
  } else {
    request.headers.set('authorization', `Bearer ${accessToken}`);
  }
  const response = await options.fetch(request);
  const newNonce = dpop?.learnNonce(request.url, response) ?? false;
  return { response, accessToken, newNonce };
}

/**
 * Whether the refused call may be sent again: once for a new nonce, once for a renewed
 * token. A renewal that would ask the issuer for a token takes one from the budget; past
 * the limit the refusal stands and `token-renewal-limited` is emitted.
 */
function mayRetry(
  options: AuthorizedFetchOptions,
  sent: Sent,
  url: string,
  tried: { nonce: boolean; renewal: boolean },
): boolean {
  const error = challengeError(sent.response);
  if (error === 'use_dpop_nonce' && options.dpop && sent.newNonce && !tried.nonce) {
    tried.nonce = true;
    return true;
  }
  if (error !== 'invalid_token' || tried.renewal) return false;
  // Calls refused together with one token share one renewal; only a renewal costs budget.
  if (options.token.wouldRenew(sent.accessToken) && !options.renewals.take()) {
    const { max, perMs } = options.renewalLimit;
    options.emit?.({ type: 'token-renewal-limited', origin: new URL(url).origin, max, perMs });
    return false;
  }
  tried.renewal = true;
  options.token.invalidate(sent.accessToken);
  return true;
}

/**
 * Builds the wrapper. The request is cloned before each send, so a retry resends the same
 * body (a streamed body is buffered for it). Across a cross-origin redirect the Fetch
 * standard drops `Authorization`, so the token does not follow the request elsewhere; a
 * DPoP proof names the first URL and is refused by any other.
 *
 * @example
 * ```ts
 * const authorizedFetch = createAuthorizedFetch({ token, fetch, dpop: undefined, renewals, renewalLimit, emit: undefined });
 * const response = await authorizedFetch('https://orders.internal/v1/orders');
 * ```
 */
export function createAuthorizedFetch(
  options: AuthorizedFetchOptions,
): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    let request = new Request(input, init);
    const tried = { nonce: false, renewal: false };
    for (;;) {
      const spare = request.clone();
      const sent = await send(options, request);
      // Past the last retry, or a refusal that stands: the response as it came, body unread.
      if (!mayRetry(options, sent, request.url, tried)) return sent.response;
      await sent.response.body?.cancel().catch(() => undefined);
      request = spare;
    }
  };
}
