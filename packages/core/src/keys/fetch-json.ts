/**
 * A bounded JSON fetch for issuer metadata and key sets: one overall timeout (which also
 * ends a slow drip), a byte cap enforced while reading, no redirects, and typed failures.
 */

/** Limits and seams of one fetch. */
export interface FetchJsonOptions {
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /** Sent as `If-None-Match` (RFC 9110 §13.1.2). */
  readonly etag?: string | undefined;
}

/** What came back: `notModified` for a 304, else the parsed JSON and caching headers. */
export type FetchJsonResult =
  | { readonly notModified: true; readonly maxAgeSeconds: number | undefined }
  | {
      readonly notModified: false;
      readonly json: unknown;
      readonly etag: string | undefined;
      readonly maxAgeSeconds: number | undefined;
    };

/** Why a fetch failed; its message names the URL and the reason, never response content. */
export class FetchJsonError extends Error {
  override readonly name = 'FetchJsonError';
  /** The status of an answer other than 200/304; `undefined` when the failure is not one. */
  readonly status: number | undefined;
  constructor(
    /** The URL that was fetched. */
    readonly url: string,
    reason: string,
    options?: ErrorOptions & { readonly status?: number },
  ) {
    super(`${url}: ${reason}`, options);
    this.status = options?.status;
  }
}

/**
 * Fetches `url` and parses JSON within the limits. Rejects with {@link FetchJsonError}
 * (cause kept) on a network failure, a timeout, a status other than 200/304, an oversized
 * or non-JSON body.
 *
 * @example
 * ```ts
 * const res = await fetchJson(jwksUri, { fetch, timeoutMs: 5000, maxBytes: 262144 });
 * ```
 */
export async function fetchJson(url: string, options: FetchJsonOptions): Promise<FetchJsonResult> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  const headers: Record<string, string> = {
    accept: 'application/json, application/jwk-set+json',
  };
  if (options.etag) headers['if-none-match'] = options.etag;
  let response: Response;
  try {
    response = await options.fetch(url, { headers, signal, redirect: 'manual' });
  } catch (cause) {
    throw new FetchJsonError(url, signal.aborted ? 'timed out' : 'request failed', { cause });
  }
  const maxAgeSeconds = parseMaxAge(response.headers.get('cache-control'));
  if (response.status === 304 && options.etag) {
    await response.body?.cancel().catch(() => undefined);
    return { notModified: true, maxAgeSeconds };
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined);
    throw new FetchJsonError(url, `unexpected status ${response.status}`, {
      status: response.status,
    });
  }
  const text = await readCapped(url, response, options.maxBytes, signal);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new FetchJsonError(url, 'response is not JSON', { cause });
  }
  return {
    notModified: false,
    json,
    etag: response.headers.get('etag') ?? undefined,
    maxAgeSeconds,
  };
}

/**
 * Reads `response`'s body as UTF-8 text, at most `maxBytes` (checked while reading), or
 * rejects with a {@link FetchJsonError}. Shared with the introspection client.
 *
 * @example
 * ```ts
 * const text = await readCapped(url, response, 65_536, signal);
 * ```
 */
export async function readCapped(
  url: string,
  response: Response,
  maxBytes: number,
  signal: AbortSignal,
): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new FetchJsonError(url, 'response too large');
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) throw new FetchJsonError(url, 'response too large');
      chunks.push(value);
    }
  } catch (cause) {
    await reader.cancel().catch(() => undefined);
    if (cause instanceof FetchJsonError) throw cause;
    throw new FetchJsonError(url, signal.aborted ? 'timed out' : 'reading failed', { cause });
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause) {
    throw new FetchJsonError(url, 'response is not UTF-8', { cause });
  }
}

/** `max-age` of a Cache-Control value in seconds; 0 for `no-store`/`no-cache`; else undefined. */
export function parseMaxAge(cacheControl: string | null): number | undefined {
  if (!cacheControl) return undefined;
  if (/(?:^|,)\s*no-(?:store|cache)\b/i.test(cacheControl)) return 0;
  const match = /(?:^|,)\s*max-age\s*=\s*"?(\d+)"?/i.exec(cacheControl);
  return match ? Number(match[1]) : undefined;
}
