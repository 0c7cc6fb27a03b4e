/** Freezing verified claims, which the token cache shares between requests. */

/**
 * Freezes `value` and everything reachable from it, so one handler cannot change what the
 * next request sees. Iterative, so deeply nested claims cannot exhaust the stack.
 *
 * @example
 * ```ts
 * const payload = deepFreeze(JSON.parse(text));
 * ```
 */
export function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null || Object.isFrozen(node)) continue;
    Object.freeze(node);
    for (const key of Object.keys(node)) stack.push((node as Record<string, unknown>)[key]);
  }
  return value;
}
