/**
 * The number checks the option parsers share. `undefined` takes the fallback; anything
 * else that breaks the rule fails through `fail`, which names the option.
 */
import { type Fail, fail as failOption } from './option-error.js';

/**
 * A duration or size: a finite number, zero or more.
 *
 * @example
 * ```ts
 * duration(options.clockTolerance, 'clockTolerance', 0); // 0 when not given
 * ```
 */
export function duration(
  value: number | undefined,
  option: string,
  fallback: number,
  fail: Fail = failOption,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    fail(option, 'must be a finite, non-negative number');
  }
  return value;
}

// The two integer rules differ only in their least value and the words that name it.
function integerAtLeast(least: number, rule: string) {
  return (value: number | undefined, option: string, fallback: number, fail: Fail = failOption) => {
    if (value === undefined) return fallback;
    if (!Number.isSafeInteger(value) || value < least) fail(option, rule);
    return value;
  };
}

/**
 * A count that may be zero: a safe integer, zero or more.
 *
 * @example
 * ```ts
 * nonNegativeInteger(jwks.newIssuerFetchesPerMinute, 'jwks.newIssuerFetchesPerMinute', 10);
 * ```
 */
export const nonNegativeInteger: (
  value: number | undefined,
  option: string,
  fallback: number,
  fail?: Fail,
) => number = integerAtLeast(0, 'must be a non-negative integer');

/**
 * A bound such as a cache's entry count: a safe integer, one or more.
 *
 * @example
 * ```ts
 * positiveInteger(options.maxIssuers, 'maxIssuers', 100);
 * ```
 */
export const positiveInteger: (
  value: number | undefined,
  option: string,
  fallback: number,
  fail?: Fail,
) => number = integerAtLeast(1, 'must be a positive integer');
