/**
 * The CSRF defence of browser mode (issue 21, "Browsers and mobile"): every POST that a
 * cookie authenticates, or that sets the cookie, must carry a header a cross-site form
 * cannot send, and, where the browser sends an `Origin`, come from the issuer's own origin.
 */
import { refuse } from './responses.js';

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
