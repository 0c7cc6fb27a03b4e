/**
 * A bounded JSON GET for metadata and key sets: a timeout, a byte cap while reading, no
 * redirects. Core keeps its own fetch internal, so the CLI carries this small one; it also
 * returns the caching headers, which `discover` reports.
 */

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
 * Fetches and parses `url`; rejects with an `Error` naming the URL and the reason (network,
 * timeout, status, size, not JSON), never the body.
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
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json, application/jwk-set+json' },
      signal,
      redirect: 'manual',
    });
  } catch {
    throw new Error(`${url}: ${signal.aborted ? 'timed out' : 'request failed'}`);
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined);
    throw new Error(`${url}: unexpected status ${response.status}`);
  }
  const text = await readCapped(url, response, maxBytes);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${url}: response is not JSON`);
  }
  return {
    json,
    cacheControl: response.headers.get('cache-control') ?? undefined,
    etag: response.headers.get('etag') ?? undefined,
  };
}

async function readCapped(url: string, response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read().catch(() => {
      throw new Error(`${url}: reading the response failed`);
    });
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new Error(`${url}: response larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
