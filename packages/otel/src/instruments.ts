/**
 * The metric instruments, created once per listener. Names follow OpenTelemetry's
 * semantic-convention style: a `jwt_guard.` namespace, dots between words, lower case.
 */
import type { Counter, Histogram, Meter } from '@opentelemetry/api';

/** The instruments a listener records to. */
export interface Instruments {
  /** `jwt_guard.tokens`: tokens accepted or refused (by verification, or by a guard or policy). */
  readonly tokens: Counter;
  /** `jwt_guard.verification.duration`: full verifications of accepted tokens, in ms. */
  readonly verificationDuration: Histogram;
  /** `jwt_guard.keys.fetch.duration`: key-set fetches, fetched or failed, in ms. */
  readonly keysFetchDuration: Histogram;
  /** `jwt_guard.keys.events`: key sets fetched, failed, served stale or not refetched. */
  readonly keysEvents: Counter;
}

/**
 * Creates the instruments on a meter.
 *
 * @example
 * ```ts
 * const instruments = createInstruments(metrics.getMeter('@jwt-guard/otel'));
 * instruments.tokens.add(1, { outcome: 'accepted', cached: true, issuer });
 * ```
 */
export function createInstruments(meter: Meter): Instruments {
  return {
    tokens: meter.createCounter('jwt_guard.tokens', {
      description: 'Tokens accepted or refused by jwt-guard (verification, guards and policies).',
      unit: '{token}',
    }),
    verificationDuration: meter.createHistogram('jwt_guard.verification.duration', {
      description: 'Duration of full token verifications (key fetch included).',
      unit: 'ms',
    }),
    keysFetchDuration: meter.createHistogram('jwt_guard.keys.fetch.duration', {
      description: 'Duration of key-set fetches, discovery included.',
      unit: 'ms',
    }),
    keysEvents: meter.createCounter('jwt_guard.keys.events', {
      description:
        'Key sets fetched, failed, served stale, or not refetched because of the cooldown.',
      unit: '{event}',
    }),
  };
}
