/**
 * The Lua script behind the Redis store's compareAndSet: Redis runs a script alone, so the
 * read and the write are one atomic step, in one round trip.
 */

/**
 * KEYS[1] the prefixed key; ARGV[1] '1' when the key must be absent, else '0'; ARGV[2] the
 * value expected; ARGV[3] the next value; ARGV[4] its time to live in milliseconds. Answers
 * 1 when it stored, 0 when the current value differs. An expired key reads as absent (nil),
 * as everywhere in Redis.
 *
 * @example
 * ```ts
 * await commands.eval(COMPARE_AND_SET_SCRIPT, { keys: [key], arguments: ['1', '', next, '60000'] });
 * ```
 */
export const COMPARE_AND_SET_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if ARGV[1] == '1' then
  if current then return 0 end
elseif current ~= ARGV[2] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
return 1
`;

/**
 * The script's arguments for a compare-and-set of `expected` to `next`.
 *
 * @example
 * ```ts
 * compareAndSetArguments(undefined, 'v', 1000); // ['1', '', 'v', '1000']
 * ```
 */
export function compareAndSetArguments(
  expected: string | undefined,
  next: string,
  ttlMs: number,
): string[] {
  return [expected === undefined ? '1' : '0', expected ?? '', next, String(ttlMs)];
}
