/**
 * The URL a DPoP proof's `htu` is compared with (RFC 9449 §4.3 check 9), rebuilt from what
 * the request says: the configured public origin when there is one, else the scheme and a
 * `Host` that is a valid RFC 3986 authority; the path is always the request target's.
 * Issue 19: built by concatenation from a raw `Host`, `api.example.com?` made a proof for `/`
 * valid on every path, and `api.example.com/public` lent its path to every request.
 */
import { createError } from '../errors/jwt-guard-error.js';
import type { RequestAddress } from '../request-context.js';

// RFC 3986 §3.2 without userinfo (RFC 9110 §4.2.4): host [":" port], the host an IP-literal
// or a reg-name (IPv4 is one), and nothing of a path, query or fragment. An empty host is
// invalid for http(s) (RFC 9110 §4.2.1). The WHATWG parser then checks IP-literals and ports.
const AUTHORITY =
  /^(?:\[[0-9A-Fa-f:.]+\]|(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})+)(?::[0-9]*)?$/;
// RFC 9112 §3.2.2: the absolute form names scheme and authority; the path follows them.
const ABSOLUTE_FORM = /^(https?):\/\/([^/?#]*)(.*)$/i;
const HTTP_SCHEME = /^https?$/i;
// `scheme://host[:port]` and at most a `/`: no userinfo, path, query or fragment.
const ORIGIN = /^https?:\/\/[^/?#@\\]+\/?$/i;

const invalidUrl = () => createError('ERR_REQUEST_URL_INVALID');

/**
 * Whether `value` is an RFC 3986 authority an http(s) URL can have: `host[:port]`, the host
 * a reg-name, IPv4 address or IP-literal; no userinfo, path, query or fragment characters.
 *
 * @example
 * ```ts
 * isHttpAuthority('api.example.com:8443'); // true
 * isHttpAuthority('api.example.com/public'); // false
 * ```
 */
export function isHttpAuthority(value: unknown): value is string {
  if (typeof value !== 'string' || !AUTHORITY.test(value)) return false;
  return URL.canParse(`http://${value}/`);
}

/**
 * Validates `publicOrigin` (named `path` in the error) once, at creation: `scheme://host[:port]` with an http(s) scheme
 * and nothing after it but one optional `/`. Returns the origin as the WHATWG URL
 * serialises it, or `undefined` when none is set.
 *
 * @example
 * ```ts
 * resolvePublicOrigin('https://API.example.com/'); // 'https://api.example.com'
 * ```
 */
export function resolvePublicOrigin(value: unknown, path = 'publicOrigin'): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && ORIGIN.test(value) && URL.canParse(value)) {
    return new URL(value).origin;
  }
  throw new TypeError(`jwt-guard: option "${path}" must be an origin: scheme://host[:port]`);
}

/**
 * The absolute URL of a request for the `htu` comparison. With `publicOrigin` the `Host`
 * is not read at all; without it, a scheme that is not http(s) or a `Host` that is not a
 * valid authority throws `ERR_REQUEST_URL_INVALID` (400 `invalid_request`), before any
 * comparison; so does a missing or unusable target. The path is the request target's, never anything from `Host`.
 *
 * @example
 * ```ts
 * requestUrl({ scheme: 'https', host: 'api.example.com', target: '/orders?page=2' });
 * // 'https://api.example.com/orders?page=2'
 * requestUrl({ scheme: 'http', host: 'api.example.com?', target: '/x' }); // throws: 400
 * requestUrl({ host: 'ignored?', target: '/x' }, 'https://api.example.com'); // 'https://api.example.com/x'
 * ```
 */
export function requestUrl(address: RequestAddress | undefined, publicOrigin?: string): string {
  const target: unknown = address?.target;
  if (typeof target !== 'string') throw invalidUrl();
  const absolute = ABSOLUTE_FORM.exec(target);
  const rest = absolute ? (absolute[3] as string) : target;
  // Deno builds `Request.url` as `http://` + Host + target, unparsed: with `Host: h?` the
  // target `/x` reads as the query of `http://h?/x`, and with `Host: h/p#` as a fragment,
  // while Hono routes on `/x`. So an absolute target is refused unless its path starts
  // right after the authority, and a `#` (never sent over HTTP) is refused anywhere.
  const path = absolute && rest === '' ? '/' : rest;
  if (!path.startsWith('/') || (absolute && target.includes('#'))) throw invalidUrl();
  if (publicOrigin !== undefined) return publicOrigin + path;
  // RFC 9112 §3.2.2: with an absolute-form target, its authority replaces `Host`.
  const scheme = absolute ? absolute[1] : address?.scheme;
  const authority = absolute ? absolute[2] : address?.host;
  if (typeof scheme !== 'string' || !HTTP_SCHEME.test(scheme) || !isHttpAuthority(authority)) {
    throw invalidUrl();
  }
  return `${scheme.toLowerCase()}://${authority}${path}`;
}
