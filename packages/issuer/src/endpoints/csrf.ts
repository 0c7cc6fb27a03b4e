/**
 * The CSRF defence of browser mode (issue 21, "Browsers and mobile"): every POST that a
 * cookie authenticates, or that sets the cookie, must carry a header a cross-site form
 * cannot send, and, where the browser sends an `Origin`, come from the issuer's own origin.
 */
import { refuse } from './responses.js';
import type { TokenEndpointsOptions } from './types.js';

// RFC 9110 §5.6.2: a header name is a token.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Headers a cross-site request carries anyway, so their presence proves nothing: the CORS
// safelisted ones a no-cors fetch may set (Fetch §2.2.2), those the browser adds on its own
// (`Sec-*` and `Proxy-*` included, Fetch §2.2.2 forbidden names), and those proxies add.
const SENT_WITHOUT_PREFLIGHT = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'cache-control',
  'connection',
  'content-language',
  'content-length',
  'content-type',
  'cookie',
  'dnt',
  'forwarded',
  'host',
  'keep-alive',
  'origin',
  'pragma',
  'priority',
  'range',
  'referer',
  'te',
  'upgrade-insecure-requests',
  'user-agent',
  'via',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
]);

const fail = (option: string, rule: string): never => {
  throw new TypeError(`jwt-guard: option "${option}" ${rule}`);
};

/**
 * The CSRF header's name from the `csrf` option, lower case (default `x-requested-with`).
 * Throws a `TypeError` naming `csrf` or `csrf.header` for a malformed one, or for a header a
 * cross-site request carries anyway, whose presence would prove nothing.
 *
 * @example
 * ```ts
 * csrfHeaderOf({ header: 'X-CSRF' }); // 'x-csrf'
 * ```
 */
export function csrfHeaderOf(csrf: TokenEndpointsOptions['csrf']): string {
  if (csrf === undefined) return 'x-requested-with';
  if (typeof csrf !== 'object' || csrf === null) return fail('csrf', 'must be an object');
  const header = csrf.header ?? 'X-Requested-With';
  if (typeof header !== 'string' || !HEADER_NAME.test(header)) {
    fail('csrf.header', 'must be an HTTP header name');
  }
  const lower = header.toLowerCase();
  if (SENT_WITHOUT_PREFLIGHT.has(lower) || lower.startsWith('sec-') || lower.startsWith('proxy-')) {
    fail('csrf.header', 'must be a header a cross-site form or request cannot carry');
  }
  return lower;
}

/**
 * Refuses with 403 `invalid_request` a request without the CSRF header, or whose `Origin`
 * is present and not `origin`. `Origin: null` (sandboxed or privacy-redirected requests) is
 * not the issuer's origin, so it is refused too.
 *
 * @example
 * ```ts
 * if (resolved.cookie) assertSameSiteRequest(request.headers, 'x-requested-with', resolved.origin);
 * ```
 */
export function assertSameSiteRequest(headers: Headers, csrfHeader: string, origin: string): void {
  // A cross-site HTML form sends no custom header, and fetch() cannot add one across sites
  // without a CORS preflight the app does not grant.
  if (!headers.has(csrfHeader)) {
    refuse('invalid_request', 'the CSRF header is missing', 403);
  }
  const sent = headers.get('origin');
  if (sent !== null && sent !== origin) {
    refuse('invalid_request', "the request's Origin is not the issuer's", 403);
  }
}
