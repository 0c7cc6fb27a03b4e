/** The OpenTelemetry listener: jwt-guard's events as metrics and key-fetch spans. */
import type { EventListener, JwtGuardEvent } from '@jwt-guard/core';
import {
  type Meter,
  type MeterProvider,
  metrics,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { createFetchSpans, type FetchSpans } from './fetch-spans.js';
import { createInstruments, type Instruments } from './instruments.js';

/**
 * The instrumentation scope name of the default meter and tracer.
 *
 * @example
 * ```ts
 * createOtelListener({ meter: provider.getMeter(SCOPE_NAME, '1.0.0') });
 * ```
 */
export const SCOPE_NAME = '@jwt-guard/otel';

/** Options of {@link createOtelListener}. */
export interface OtelListenerOptions {
  /** The meter to record to. Default: from `meterProvider`, else the global meter provider. */
  readonly meter?: Meter;
  /** Where the meter comes from when `meter` is not given. Default: the global one. */
  readonly meterProvider?: MeterProvider;
  /** The tracer for key-fetch spans. Default: from `tracerProvider`, else the global one. */
  readonly tracer?: Tracer;
  /** Where the tracer comes from when `tracer` is not given. Default: the global one. */
  readonly tracerProvider?: TracerProvider;
}

/**
 * Creates an `events` listener that records jwt-guard's metrics and key-fetch spans.
 * With the global providers, create it after the SDK is registered: a meter taken from
 * the global provider before that stays a no-op.
 *
 * @example
 * ```ts
 * import { createOtelListener } from '@jwt-guard/otel';
 *
 * app.use(jwtAuth({ issuer, audience, events: createOtelListener() }));
 * ```
 */
export function createOtelListener(options: OtelListenerOptions = {}): EventListener {
  if (options.meter !== undefined && options.meterProvider !== undefined) {
    throw new TypeError('jwt-guard: options "meter" and "meterProvider" cannot both be given');
  }
  if (options.tracer !== undefined && options.tracerProvider !== undefined) {
    throw new TypeError('jwt-guard: options "tracer" and "tracerProvider" cannot both be given');
  }
  const meter = options.meter ?? (options.meterProvider ?? metrics).getMeter(SCOPE_NAME);
  const tracer = options.tracer ?? (options.tracerProvider ?? trace).getTracer(SCOPE_NAME);
  const instruments = createInstruments(meter);
  const spans = createFetchSpans(tracer);

  return (event) => record(instruments, spans, event);
}

/** One event as metrics and spans; the issuer is an attribute only of verified tokens. */
function record(instruments: Instruments, spans: FetchSpans, event: JwtGuardEvent): void {
  switch (event.type) {
    case 'token-accepted': {
      const { issuer, cached, durationMs } = event;
      instruments.tokens.add(1, { outcome: 'accepted', cached, issuer });
      if (durationMs !== undefined) instruments.verificationDuration.record(durationMs, { issuer });
      return;
    }
    case 'token-refused':
      // No issuer: a refused token's claims are not trusted, and would let anyone mint
      // new attribute values (and time series) at will.
      instruments.tokens.add(1, { outcome: 'refused', code: event.code });
      return;
    case 'authorization-refused':
      // A valid token that a guard or policy refused (403): a refusal too, told apart
      // from the authentication's by the guard's name (a fixed set, no issuer).
      instruments.tokens.add(1, { outcome: 'refused', code: event.code, guard: event.guard });
      return;
    case 'keys-fetch-started':
      spans.started(event.issuer);
      return;
    case 'keys-fetched':
      instruments.keysFetchDuration.record(event.durationMs, {
        outcome: 'fetched',
        issuer: event.issuer,
      });
      instruments.keysEvents.add(1, { type: 'fetched', issuer: event.issuer });
      spans.fetched(event.issuer, event.keys, event.fromStore);
      return;
    case 'keys-failed':
      instruments.keysFetchDuration.record(event.durationMs, {
        outcome: 'failed',
        issuer: event.issuer,
      });
      instruments.keysEvents.add(1, { type: 'failed', issuer: event.issuer });
      spans.failed(event.issuer, event.reason);
      return;
    case 'keys-stale':
      instruments.keysEvents.add(1, { type: 'stale', issuer: event.issuer });
      return;
    case 'keys-refetch-skipped':
      instruments.keysEvents.add(1, { type: 'refetch-skipped', issuer: event.issuer });
      return;
    case 'issuer-resolved':
    case 'issuer-refused':
      // A step of a verification the token counter already counts.
      return;
  }
}
