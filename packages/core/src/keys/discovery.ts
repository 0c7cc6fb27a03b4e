/**
 * Finds an issuer's `jwks_uri`: OpenID Connect Discovery 1.0 §4 first, then RFC 8414 §3.
 * The metadata's `issuer` must equal the configured issuer exactly (OIDC Discovery §4.3,
 * RFC 8414 §3.3), or it is refused: a mismatch is the mix-up that check exists to stop.
 */
import { type FetchJsonOptions, fetchJson } from './fetch-json.js';
import { assertFetchableUrl } from './url-policy.js';

/** Why an issuer's metadata cannot serve: unavailable, not an object, another issuer, no endpoint. */
export class IssuerMetadataError extends Error {
  override readonly name = 'IssuerMetadataError';
  /** No document could be fetched at all (worth retrying), as opposed to one that cannot serve. */
  readonly unavailable: boolean;
  constructor(message: string, options?: ErrorOptions & { unavailable?: boolean }) {
    super(message, options);
    this.unavailable = options?.unavailable === true;
  }
}

/**
 * The metadata URLs tried for an issuer, in order.
 *
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
  const openid = `${url.origin}${path}/.well-known/openid-configuration`;
  // RFC 8414 §3.1: the well-known segment goes between the host and the issuer's path.
  const oauth = `${url.origin}/.well-known/oauth-authorization-server${path}`;
  return [openid, oauth];
}

/**
 * Fetches the issuer's metadata and returns its validated `jwks_uri`.
 * Rejects with an {@link IssuerMetadataError} naming the reason when neither document serves.
 *
 * @example
 * ```ts
 * const jwksUri = await discoverJwksUri('https://id.example.com', { fetch, timeoutMs: 5000, maxBytes: 262144 });
 * ```
 */
export function discoverJwksUri(
  issuer: string,
  options: Omit<FetchJsonOptions, 'etag'>,
): Promise<string> {
  return discoverEndpoint(issuer, 'jwks_uri', options);
}

/**
 * Fetches the issuer's metadata (OpenID Connect Discovery, then RFC 8414) and returns the
 * validated URL of one endpoint: `jwks_uri`, `token_endpoint` or `introspection_endpoint`. Rejects with an
 * {@link IssuerMetadataError}: `unavailable` when no document could be fetched.
 *
 * @example
 * ```ts
 * const tokenEndpoint = await discoverEndpoint(issuer, 'token_endpoint', { fetch, timeoutMs: 5000, maxBytes: 262144 });
 * ```
 */
export async function discoverEndpoint(
  issuer: string,
  member: 'jwks_uri' | 'token_endpoint' | 'introspection_endpoint',
  options: Omit<FetchJsonOptions, 'etag'>,
): Promise<string> {
  let lastError: unknown;
  for (const url of discoveryUrls(issuer)) {
    let json: unknown;
    try {
      const result = await fetchJson(url, options);
      json = result.notModified ? undefined : result.json;
    } catch (error) {
      lastError = error;
      continue;
    }
    const metadata = json as Record<string, unknown> | null;
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
      throw new IssuerMetadataError(`${url}: issuer metadata is not a JSON object`);
    }
    if (metadata.issuer !== issuer) {
      throw new IssuerMetadataError(issuerMismatch(url, metadata.issuer, issuer));
    }
    const endpoint = metadata[member];
    if (typeof endpoint !== 'string') {
      throw new IssuerMetadataError(`${url}: issuer metadata has no ${member}`);
    }
    assertFetchableUrl(endpoint, member, IssuerMetadataError);
    return endpoint;
  }
  const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
  throw new IssuerMetadataError(`issuer metadata of ${issuer} is unavailable${reason}`, {
    cause: lastError,
    unavailable: true,
  });
}

// RFC 8414 §3.3 / OpenID Discovery §4.3: the metadata's issuer must equal the configured one
// exactly. Both are named (the provider's is configuration, not a secret), and the usual
// mistake, a trailing slash, is said plainly: it looks like an outage otherwise.
function issuerMismatch(url: string, named: unknown, configured: string): string {
  const shown = typeof named === 'string' ? JSON.stringify(named.slice(0, 200)) : String(named);
  const slash =
    typeof named === 'string' && named.replace(/\/$/, '') === configured.replace(/\/$/, '')
      ? ' (they differ only by a trailing slash: configure the issuer exactly as its metadata names it)'
      : '';
  return `${url}: issuer metadata names issuer ${shown}, but the configured issuer is ${JSON.stringify(configured)}${slash}`;
}
