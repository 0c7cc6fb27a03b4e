/**
 * Finds an issuer's `token_endpoint` with the metadata URLs and bounded fetch the key
 * source uses (OpenID Connect Discovery 1.0 §4, then RFC 8414 §3), and the same rule:
 * the document's `issuer` must equal ours exactly (RFC 8414 §3.3), or it is refused.
 */
import { discoverEndpoint, IssuerMetadataError } from '../keys/discovery.js';
import { TokenClientError } from './token-client-error.js';

/** Limits of the metadata fetch. */
export interface DiscoverTokenEndpointOptions {
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
}

// Metadata documents are a few KiB; the key source allows the same.
const MAX_METADATA_BYTES = 256 * 1024;

/**
 * Returns the issuer's token endpoint, found as the key source finds `jwks_uri`. Rejects
 * with a {@link TokenClientError}: `ERR_ISSUER_UNAVAILABLE` when no document could be
 * fetched (worth retrying), `ERR_ISSUER_METADATA` when one was fetched and cannot serve
 * (another issuer, no endpoint).
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
  try {
    return await discoverEndpoint(issuer, 'token_endpoint', {
      ...options,
      maxBytes: MAX_METADATA_BYTES,
    });
  } catch (cause) {
    const unavailable = cause instanceof IssuerMetadataError && cause.unavailable;
    throw new TokenClientError(unavailable ? 'ERR_ISSUER_UNAVAILABLE' : 'ERR_ISSUER_METADATA', {
      cause: unavailable ? cause.cause : cause,
    });
  }
}
