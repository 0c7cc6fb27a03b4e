/** NumericDate (RFC 7519 §2) claims shown as ISO time and as a plain-words distance from now. */

/** The claims whose values are NumericDates: seconds since the epoch. */
export const NUMERIC_DATE_CLAIMS = ['exp', 'nbf', 'iat', 'auth_time'] as const;

/**
 * A duration in seconds as the largest whole unit: `45 s`, `3 min`, `2 h`, `5 d`.
 *
 * @example
 * ```ts
 * formatDuration(190); // '3 min'
 * ```
 */
export function formatDuration(seconds: number): string {
  const s = Math.abs(Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86_400)} d`;
}

/**
 * How a NumericDate claim stands against `nowSeconds`, in words a person reads at a glance.
 *
 * @example
 * ```ts
 * describeNumericDate('exp', now - 180, now); // 'expired 3 min ago'
 * describeNumericDate('iat', now - 7200, now); // 'issued 2 h ago'
 * ```
 */
export function describeNumericDate(claim: string, value: number, nowSeconds: number): string {
  const delta = value - nowSeconds;
  const span = formatDuration(delta);
  switch (claim) {
    case 'exp':
      return delta > 0 ? `valid for ${span}` : `expired ${span} ago`;
    case 'nbf':
      return delta > 0 ? `not valid for another ${span}` : `valid since ${span} ago`;
    case 'iat':
      return delta > 0 ? `issued ${span} in the future` : `issued ${span} ago`;
    case 'auth_time':
      return delta > 0 ? `authenticated ${span} in the future` : `authenticated ${span} ago`;
    default:
      return delta > 0 ? `in ${span}` : `${span} ago`;
  }
}

/**
 * A NumericDate as an ISO 8601 string, or `undefined` when the value is not a finite number.
 *
 * @example
 * ```ts
 * isoTime(0); // '1970-01-01T00:00:00.000Z'
 * ```
 */
export function isoTime(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const date = new Date(value * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
