/**
 * The metadata URLs of an issuer, in the order core's discovery tries them. Core does not
 * export its own helper, so this mirrors it: OpenID Connect Discovery 1.0 §4 first, then
 * RFC 8414 §3.1.
 */

/**
 * @example
 * ```ts
 * discoveryUrls('https://id.example.com/tenant');
 * // ['https://id.example.com/tenant/.well-known/openid-configuration',
 * //  'https://id.example.com/.well-known/oauth-authorization-server/tenant']
 * ```
 */
export function discoveryUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/$/, '');
  // RFC 8414 §3.1: the well-known segment goes between the host and the issuer's path.
  return [
    `${url.origin}${path}/.well-known/openid-configuration`,
    `${url.origin}/.well-known/oauth-authorization-server${path}`,
  ];
}

/**
 * Whether two issuer identifiers differ only by a trailing slash: the usual mistake, said
 * plainly because it otherwise looks like an outage or a forged token.
 *
 * @example
 * ```ts
 * differOnlyBySlash('https://id.example.com/', 'https://id.example.com'); // true
 * ```
 */
export function differOnlyBySlash(a: string, b: string): boolean {
  return a !== b && a.replace(/\/$/, '') === b.replace(/\/$/, '');
}
