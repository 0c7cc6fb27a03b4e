/**
 * The `step` of a framework whose middleware is `(request, next)` and refuses by a throw
 * (Koa, Hono): the one place where a refusal becomes the framework's own exception.
 */
import { JwtGuardError, toErrorResponse } from './errors/jwt-guard-error.js';
import { restoreStack, suspendStack } from './errors/without-stack.js';

/**
 * Builds `FrameworkLifting.step` for a framework whose middleware takes `(request, next)`,
 * goes on with `next()` and refuses by a throw. Not async: a step that returns at once costs
 * no promise, and the framework catches a synchronous throw as it catches a rejection. A
 * `JwtGuardError` is thrown as `refuse` makes it from its prepared answer (Hono's
 * `HTTPException`), without a stack for a 4xx, as the error itself is made; without `refuse`,
 * and for any other error, the error itself is thrown.
 *
 * @example
 * ```ts
 * const step = throwingStep<Context, Next>(({ status, body }, error) => new HTTPException(status as 401, { message: body, cause: error }));
 * ```
 */
export function throwingStep<Request, Next extends () => Promise<unknown>>(
  refuse?: (answer: ReturnType<typeof toErrorResponse>, error: JwtGuardError) => unknown,
): (
  step: (request: Request) => void | Promise<void>,
) => (request: Request, next: Next) => ReturnType<Next> {
  const rethrow = (error: unknown): never => {
    if (!(error instanceof JwtGuardError) || refuse === undefined) throw error;
    const limit = suspendStack(error.status);
    let refusal: unknown;
    try {
      refusal = refuse(toErrorResponse(error), error);
    } finally {
      // Even when `refuse` throws: a limit left at 0 would take every later error's stack.
      restoreStack(limit);
    }
    throw refusal;
  };
  return (step) => (request, next) => {
    let done: void | Promise<void>;
    try {
      done = step(request);
    } catch (error) {
      return rethrow(error);
    }
    return (
      done instanceof Promise ? done.then(() => next(), rethrow) : next()
    ) as ReturnType<Next>;
  };
}
