/** A jwt-guard refusal as Hono's `HTTPException`, carrying the prepared answer and the error as `cause`. */
import { JwtGuardError, toErrorResponse } from '@jwt-guard/core/adapter';
import { HTTPException } from 'hono/http-exception';

type ErrorAnswer = ReturnType<typeof toErrorResponse>;

// `Error.stackTraceLimit` (V8, and JavaScriptCore in Bun): not in the standard library's types.
const V8Error = Error as ErrorConstructor & { stackTraceLimit?: number };

/**
 * The `HTTPException` of a refusal. `getResponse()` builds its answer from the prepared
 * status, headers and text, where Hono's own reads the body stream of `res` back: on
 * @hono/node-server that turned the lightweight response into a full Web `Response` twice
 * per refusal, and a flood of refusals cost the server four times accepted tokens (issue 24).
 */
class RefusalException extends HTTPException {
  readonly #answer: ErrorAnswer;

  constructor(answer: ErrorAnswer, cause: JwtGuardError) {
    const { status, headers, body } = answer;
    super(status as 401, { res: new Response(body, { status, headers }), cause });
    this.#answer = answer;
  }

  override getResponse(): Response {
    const { status, headers, body } = this.#answer;
    return new Response(body, { status, headers });
  }
}

/**
 * The `HTTPException` Hono answers with for a `JwtGuardError`; anything else as it is.
 * A refusal is an expected answer, so no stack is captured for it, as for the error itself.
 *
 * @example
 * ```ts
 * throw toHttpException(new UnauthorizedError('ERR_NO_TOKEN'));
 * ```
 */
export function toHttpException(error: unknown): unknown {
  if (!(error instanceof JwtGuardError)) return error;
  const limit = V8Error.stackTraceLimit;
  const skipStack = error.status < 500 && typeof limit === 'number';
  if (skipStack) V8Error.stackTraceLimit = 0;
  const exception = new RefusalException(toErrorResponse(error), error);
  if (skipStack) V8Error.stackTraceLimit = limit;
  return exception;
}
