/** A jwt-guard refusal as Hono's `HTTPException`, carrying the prepared answer and the error as `cause`. */
import { JwtGuardError, toErrorResponse } from '@jwt-guard/core/adapter';
import { HTTPException } from 'hono/http-exception';

/**
 * The `HTTPException` Hono answers with for a `JwtGuardError`; anything else as it is.
 *
 * @example
 * ```ts
 * throw toHttpException(new UnauthorizedError('ERR_NO_TOKEN'));
 * ```
 */
export function toHttpException(error: unknown): unknown {
  if (!(error instanceof JwtGuardError)) return error;
  const { status, headers, body } = toErrorResponse(error);
  return new HTTPException(status as 401, {
    res: new Response(body, { status, headers }),
    cause: error,
  });
}
