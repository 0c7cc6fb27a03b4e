/**
 * Which URLs we fetch keys and metadata from: https, or plain http on a loopback host
 * (local issuers in development and tests). Never a URL taken from a token.
 */

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;
// The URL parser drops tabs and newlines anywhere, and controls and spaces at either end.
const hasSpaceOrControl = (value: string) =>
  /\s/.test(value) || [...value].some((char) => char < ' ' || char === '\x7f');

/**
 * The rule `value` breaks, or `undefined` when it may be fetched: an absolute https URL
 * (plain http only on a loopback host), with no userinfo (RFC 3986 §3.2.1: a host before
 * `@` is not the host) and no fragment (RFC 8414 §2 and OIDC Discovery §3: an issuer has
 * none). Cheap enough for every unverified `iss` a resolver is asked about.
 *
 * @example
 * ```ts
 * urlPolicyProblem('https://tenants.example.com@evil.example/'); // 'must not contain credentials'
 * ```
 */
export function urlPolicyProblem(value: string): string | undefined {
  // What the parser would fetch must be what was given.
  if (hasSpaceOrControl(value) || !URL.canParse(value)) return 'must be an absolute URL';
  const url = new URL(value);
  const ok =
    url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOST.test(url.hostname));
  if (!ok) return 'must use https (plain http only on a loopback host)';
  // An empty userinfo (`https://@host/`) leaves no username, so look at the authority.
  const authority = value
    .slice(url.protocol.length)
    .replace(/^[/\\]*/, '')
    .split(/[/\\?#]/, 1);
  if (url.username || url.password || authority[0]?.includes('@')) {
    return 'must not contain credentials';
  }
  // `new URL` drops an empty fragment (`…/#`), so look for the delimiter itself.
  if (value.includes('#')) return 'must not contain a fragment';
  return undefined;
}

/**
 * Throws `ErrorClass` naming `label` unless `value` passes {@link urlPolicyProblem}.
 *
 * @example
 * ```ts
 * assertFetchableUrl('http://127.0.0.1:4000/jwks', 'jwksUri'); // fine
 * assertFetchableUrl('http://id.example.com', 'issuer'); // throws TypeError
 * ```
 */
export function assertFetchableUrl(
  value: string,
  label: string,
  ErrorClass: new (message: string) => Error = TypeError,
): void {
  const problem = urlPolicyProblem(value);
  if (problem !== undefined) throw new ErrorClass(`${label} ${problem}`);
}
