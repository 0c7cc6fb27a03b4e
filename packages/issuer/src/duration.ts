/** Durations in options: milliseconds as a number, or a string such as `'30s'`, `'5m'`, `'14d'`. */

/** A duration: milliseconds, or a whole number followed by `ms`, `s`, `m`, `h` or `d`. */
export type Duration = number | `${number}${'ms' | 's' | 'm' | 'h' | 'd'}`;

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};
const PATTERN = /^(\d+)(ms|s|m|h|d)$/;

/**
 * The duration `value` in milliseconds, or `fallback` when it is undefined. Throws a
 * `TypeError` naming `option` for anything that is not a positive whole duration, so that a
 * typo (`'5 min'`, `-1`) fails at creation instead of issuing tokens of a surprising life.
 *
 * @example
 * ```ts
 * parseDuration('5m', 'accessToken.ttl', 0); // 300000
 * ```
 */
export function parseDuration(value: unknown, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value > 0) return value;
  } else if (typeof value === 'string') {
    const match = PATTERN.exec(value);
    const amount = match ? Number(match[1]) * (UNIT_MS[match[2] as string] ?? 0) : 0;
    if (Number.isSafeInteger(amount) && amount > 0) return amount;
  }
  throw new TypeError(
    `jwt-guard: option "${option}" must be a positive duration: milliseconds, or a string such as '30s', '5m' or '14d'`,
  );
}
