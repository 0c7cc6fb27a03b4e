/**
 * A bounded JSON GET for metadata and key sets: core's own fetch (`@jwt-guard/core/discovery`:
 * a timeout, a byte cap while reading, no redirects), so the CLI reads an issuer exactly as
 * the verifier does. It also returns the Cache-Control header as sent, which `discover`
 * reports.
 */
import { fetchJson } from '@jwt-guard/core/discovery';

/** Limits of one fetch. */
export interface FetchDocumentOptions {
  /** Longest wait in milliseconds. Default 5000, as core's `jwks.timeoutDuration`. */
  readonly timeoutMs?: number;
  /** Largest body read, in bytes. Default 262144, as core's `jwks.maxResponseBytes`. */
  readonly maxBytes?: number;
}

/** A fetched JSON document and the response headers `discover` shows. */
export interface FetchedDocument {
  readonly json: unknown;
  readonly cacheControl: string | undefined;
  readonly etag: string | undefined;
}

/**
 * Fetches and parses `url`; rejects with core's `FetchJsonError`, whose message names the URL
 * and the reason (network, timeout, status, size, not JSON), never the body.
 *
 * @example
 * ```ts
 * const { json, etag } = await fetchDocument('https://id.example.com/jwks.json');
 * ```
 */
export async function fetchDocument(
  url: string,
  { timeoutMs = 5000, maxBytes = 262_144 }: FetchDocumentOptions = {},
): Promise<FetchedDocument> {
  let cacheControl: string | undefined;
  // Core parses Cache-Control into a max-age; the report shows the header as the issuer sent it.
  const seeHeaders: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    cacheControl = response.headers.get('cache-control') ?? undefined;
    return response;
  };
  // No `etag` is sent, so the answer is never a 304.
  const result = await fetchJson(url, { fetch: seeHeaders, timeoutMs, maxBytes });
  if (result.notModified) throw new Error(`${url}: unexpected status 304`);
  return { json: result.json, cacheControl, etag: result.etag };
}
