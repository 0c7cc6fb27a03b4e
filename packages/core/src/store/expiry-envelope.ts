/**
 * A value with its expiry time in front, for backends that keep entries longer than asked
 * (KV's 60-second minimum) so that a read still honours the caller's time to live.
 */

/**
 * `value` with `expiresAtMs` in front: `<expiresAtMs>:<value>`.
 *
 * @example
 * ```ts
 * writeEnvelope('v', 1_700_000_000_000); // '1700000000000:v'
 * ```
 */
export function writeEnvelope(value: string, expiresAtMs: number): string {
  return `${Math.ceil(expiresAtMs)}:${value}`;
}

/**
 * The value of an envelope, or undefined when it has expired at `nowMs` or is not an
 * envelope (written by something else under our prefix: treated as absent, never trusted).
 *
 * @example
 * ```ts
 * readEnvelope('1700000000000:v', 1_600_000_000_000); // 'v'
 * ```
 */
export function readEnvelope(stored: string, nowMs: number): string | undefined {
  const head = /^(\d{1,16}):/.exec(stored);
  if (head === null || Number(head[1]) <= nowMs) return undefined;
  return stored.slice(head[0].length);
}
