/**
 * Finds an issuer's `token_endpoint` with the metadata URLs and bounded fetch the key
 * source uses (OpenID Connect Discovery 1.0 §4, then RFC 8414 §3), and the same rule:
 * the document's `issuer` must equal ours exactly (RFC 8414 §3.3), or it is refused.
 */
import { discoveryUrls } from '../keys/discovery.js';
import { fetchJson } from '../keys/fetch-json.js';
import { assertFetchableUrl } from '../keys/url-policy.js';
import { TokenClientError } from './token-client-error.js';

/** Limits of the metadata fetch. */
export interface DiscoverTokenEndpointOptions {
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
}

// Metadata documents are a few KiB; the key source allows the same.
const MAX_METADATA_BYTES = 256 * 1024;

class MetadataRefused extends Error {}

/**
 * Returns the issuer's token endpoint. Rejects with a {@link TokenClientError}:
 * `ERR_ISSUER_UNAVAILABLE` when no document could be fetched (worth retrying),
 * `ERR_ISSUER_METADATA` when one was fetched and cannot serve (another issuer, no endpoint).
 *
 * @example
 * ```ts
 * const tokenEndpoint = await discoverTokenEndpoint('https://id.example.com', { fetch, timeoutMs: 5000 });
 * ```
 */
export async function discoverTokenEndpoint(
  issuer: string,
  options: DiscoverTokenEndpointOptions,
): Promise<string> {
  let lastError: unknown;
  for (const url of discoveryUrls(issuer)) {
    let json: unknown;
    try {
      const result = await fetchJson(url, { ...options, maxBytes: MAX_METADATA_BYTES });
      json = result.notModified ? undefined : result.json;
    } catch (error) {
      lastError = error;
      continue;
    }
    const metadata = json as { issuer?: unknown; token_endpoint?: unknown } | null;
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))
      throw metadataError('issuer metadata is not a JSON object');
    if (metadata.issuer !== issuer) throw metadataError('issuer metadata names a different issuer');
    if (typeof metadata.token_endpoint !== 'string')
      throw metadataError('issuer metadata has no token_endpoint');
    try {
      assertFetchableUrl(metadata.token_endpoint, 'token_endpoint', MetadataRefused);
    } catch (cause) {
      throw new TokenClientError('ERR_ISSUER_METADATA', { cause });
    }
    return metadata.token_endpoint;
  }
  throw new TokenClientError('ERR_ISSUER_UNAVAILABLE', { cause: lastError });
}

const metadataError = (why: string) =>
  new TokenClientError('ERR_ISSUER_METADATA', { cause: new MetadataRefused(why) });
