/** Key-fetch spans: one open span per issuer, from the fetch's start to its end. */
import { type Span, SpanStatusCode, type Tracer } from '@opentelemetry/api';

/**
 * The name of a key-fetch span.
 *
 * @example
 * ```ts
 * const fetches = exporter.getFinishedSpans().filter((span) => span.name === KEYS_FETCH_SPAN);
 * ```
 */
export const KEYS_FETCH_SPAN = 'jwt-guard keys fetch';

/** Starts and ends key-fetch spans by issuer. */
export interface FetchSpans {
  started(issuer: string): void;
  fetched(issuer: string, keys: number, fromStore: boolean): void;
  failed(issuer: string, reason: string): void;
}

/**
 * Tracks the open key-fetch span of each issuer.
 *
 * @example
 * ```ts
 * const spans = createFetchSpans(trace.getTracer('@jwt-guard/otel'));
 * spans.started(issuer);
 * spans.fetched(issuer, 2, false);
 * ```
 */
export function createFetchSpans(tracer: Tracer): FetchSpans {
  const open = new Map<string, Span>();
  const take = (issuer: string) => {
    const span = open.get(issuer);
    open.delete(issuer);
    return span;
  };
  return {
    started(issuer) {
      // Core runs one attempt at a time per issuer; a start without an end would otherwise
      // hold its span open for good.
      take(issuer)?.end();
      open.set(issuer, tracer.startSpan(KEYS_FETCH_SPAN, { attributes: { issuer } }));
    },
    fetched(issuer, keys, fromStore) {
      const span = take(issuer);
      if (span === undefined) return;
      span.setAttributes({ keys, from_store: fromStore });
      span.setStatus({ code: SpanStatusCode.OK });
      span.end();
    },
    failed(issuer, reason) {
      const span = take(issuer);
      if (span === undefined) return;
      span.setStatus({ code: SpanStatusCode.ERROR, message: reason });
      span.end();
    },
  };
}
