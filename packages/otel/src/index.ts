/** OpenTelemetry metrics and key-fetch spans for jwt-guard, from its `events` option. */
export { KEYS_FETCH_SPAN } from './fetch-spans.js';
export type { OtelListenerOptions } from './otel-listener.js';
export { createOtelListener, SCOPE_NAME } from './otel-listener.js';
