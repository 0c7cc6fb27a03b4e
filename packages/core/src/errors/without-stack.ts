/**
 * Refusals without a stack. A 4xx is the expected answer to a bad request, and a flood of
 * them must cost no more than accepted tokens (issue 24): the stack of its error says only
 * where the check sits. A 5xx keeps its stack, as any operational failure.
 */

// `Error.stackTraceLimit` (V8, and JavaScriptCore in Bun): not in the standard library's types.
const V8Error = Error as ErrorConstructor & { stackTraceLimit?: number };

/**
 * Stops stack capture when `status` is a refusal's (under 500) and the runtime has a limit
 * to set; returns the limit to give back to {@link restoreStack}.
 *
 * @example
 * ```ts
 * const limit = suspendStack(401);
 * super(message);
 * restoreStack(limit);
 * ```
 */
export function suspendStack(status: number): number | undefined {
  const limit = V8Error.stackTraceLimit;
  if (status >= 500 || typeof limit !== 'number') return undefined;
  V8Error.stackTraceLimit = 0;
  return limit;
}

/** Gives back the limit {@link suspendStack} took, if it took one. */
export function restoreStack(limit: number | undefined): void {
  if (limit !== undefined) V8Error.stackTraceLimit = limit;
}
