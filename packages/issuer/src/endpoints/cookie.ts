/**
 * The browser-mode refresh cookie: written by us as a raw `Set-Cookie` header (never by a
 * framework's cookie library, some of which refuse `Secure` on plain-http localhost), and
 * read from the `Cookie` header.
 */

/**
 * The cookie's name. The `__Host-` prefix (RFC 6265bis §4.1.3.2) makes the browser refuse it
 * unless it is `Secure`, host-only and `Path=/`, so a sibling subdomain cannot plant or
 * shadow it.
 *
 * @example
 * ```ts
 * await page.cookies(); // [{ name: REFRESH_COOKIE, httpOnly: true, secure: true, sameSite: 'Strict', … }]
 * ```
 */
export const REFRESH_COOKIE = '__Host-jwt-guard-rt';

/**
 * The `Set-Cookie` value carrying `refreshToken` for `maxAgeSeconds`: HttpOnly (no script
 * reads it), Secure, SameSite=Strict (never sent on a cross-site request), Path=/.
 *
 * @example
 * ```ts
 * headers.push(['Set-Cookie', refreshCookie(issued.refreshToken, issued.refreshExpiresIn)]);
 * ```
 */
export function refreshCookie(refreshToken: string, maxAgeSeconds: number): string {
  const maxAge = Math.max(0, Math.floor(maxAgeSeconds));
  return `${REFRESH_COOKIE}=${refreshToken}; Max-Age=${maxAge}; Path=/; Secure; HttpOnly; SameSite=Strict`;
}

/**
 * The `Set-Cookie` value that removes the cookie (logout, revoke, a refused refresh).
 *
 * @example
 * ```ts
 * headers.push(['Set-Cookie', clearedRefreshCookie()]);
 * ```
 */
export function clearedRefreshCookie(): string {
  return `${REFRESH_COOKIE}=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Strict`;
}

/**
 * The refresh token in the request's `Cookie` header (RFC 6265 §4.2: `name=value` pairs
 * split by `;` and optional spaces; several `Cookie` lines arrive joined). Two cookies of
 * our name mean someone planted one: no token is trusted then.
 *
 * @example
 * ```ts
 * const token = readRefreshCookie(request.headers);
 * ```
 */
export function readRefreshCookie(headers: Headers): string | undefined {
  const header = headers.get('cookie');
  if (header === null) return undefined;
  let found: string | undefined;
  let count = 0;
  // Cookie values cannot hold a comma (RFC 6265 §4.1.1); a runtime joining lines with one is covered.
  for (const pair of header.split(/[;,]\s*/)) {
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq).trim() !== REFRESH_COOKIE) continue;
    count += 1;
    found = pair.slice(eq + 1).trim();
  }
  return count === 1 && found !== '' ? found : undefined;
}
