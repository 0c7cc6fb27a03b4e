/**
 * Which URLs we fetch keys and metadata from: https, or plain http on a loopback host
 * (local issuers in development and tests). Never a URL taken from a token.
 */

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Throws `ErrorClass` naming `label` unless `value` is an https URL or http on loopback.
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
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ErrorClass(`${label} must be an absolute URL`);
  }
  const ok =
    url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOST.test(url.hostname));
  if (!ok) throw new ErrorClass(`${label} must use https (plain http only on a loopback host)`);
  if (url.username || url.password) throw new ErrorClass(`${label} must not contain credentials`);
}
