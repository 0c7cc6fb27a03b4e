/**
 * The `htu` comparison of RFC 9449 §4.3 (check 9): a URI reduced to scheme, authority and
 * path, normalized as RFC 3986 §6.2.2 (syntax-based) and §6.2.3 (scheme-based) describe, so
 * that two spellings of one target URI compare equal and nothing else does.
 */

// Only the `scheme://authority` form. The WHATWG parser would also read `https:host`,
// `https:\\host` and `https:///host` as URLs; a proof naming its target that way is refused.
const ABSOLUTE_HTTP = /^https?:\/\/[^/?#]/i;
// A URI is ASCII without spaces or controls (RFC 3986 §2); the WHATWG parser would strip or
// escape such characters silently, and treats `\` as `/`.
const OUTSIDE_URI = /[^\x21-\x7e]|\\/;
// `%` must start a percent-encoded octet (RFC 3986 §2.1).
const STRAY_PERCENT = /%(?![0-9A-Fa-f]{2})/;
const PERCENT_ENCODED = /%([0-9A-Fa-f]{2})/g;
// RFC 3986 §2.3: an encoded unreserved character is the same URI as the character itself.
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

// RFC 3986 §6.2.2.1 and §6.2.2.2: upper-case hex digits, unreserved characters decoded.
function normalizePercentEncoding(path: string): string {
  return path.replace(PERCENT_ENCODED, (_, hex: string) => {
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}

/**
 * Normalizes an absolute `http`/`https` URI for the `htu` comparison (RFC 9449 §4.3): the
 * scheme and host lower-cased, a default port dropped, an empty path made `/`, dot segments
 * removed, percent-encoding normalized (upper-case hex, unreserved characters decoded), the
 * query and fragment removed. Returns `undefined` for anything else: a relative or non-http(s)
 * URI, one with userinfo (RFC 9110 §4.2.4), spaces, controls, non-ASCII or a stray `%`.
 *
 * @example
 * ```ts
 * normalizeHtu('HTTPS://API.Example.com:443/a/%7euser?x=1#top'); // 'https://api.example.com/a/~user'
 * normalizeHtu('/relative'); // undefined
 * ```
 */
export function normalizeHtu(url: string): string | undefined {
  if (typeof url !== 'string' || !ABSOLUTE_HTTP.test(url)) return undefined;
  if (OUTSIDE_URI.test(url) || STRAY_PERCENT.test(url)) return undefined;
  let parsed: URL;
  try {
    // The WHATWG parser does the scheme-based part: case, default port, empty path, IPv6 and
    // IPv4 forms of the host, dot segments.
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  // RFC 9110 §4.2.4: userinfo is deprecated in http(s) URIs and a recipient should treat it
  // as an error; it would otherwise let `https://a@b/` and `https://b/` stand for each other.
  if (parsed.username !== '' || parsed.password !== '') return undefined;
  return `${parsed.protocol}//${parsed.host}${normalizePercentEncoding(parsed.pathname)}`;
}
