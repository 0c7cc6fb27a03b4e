/**
 * Calling the app's hooks: a hook that throws, or answers something malformed, is the app's
 * bug, answered 500 `server_error` with nothing echoed (the error goes to `onError`).
 */
import type { ResolvedEndpoints } from './endpoint-options.js';
import { EndpointRefusal, errorResponse } from './responses.js';
import type { EndpointRequest } from './types.js';

/** A failure of the app's own code or of the store: the router answers it with 500. */
export class AppFailure extends Error {
  constructor(cause: unknown) {
    super('jwt-guard: a token endpoint hook failed', { cause });
    this.name = 'AppFailure';
  }
}

/**
 * Calls `rateLimit` for `endpoint`; refuses with 429 and `Retry-After` (RFC 6585 §4) when it
 * answers a refusal.
 *
 * @example
 * ```ts
 * await applyRateLimit(resolved, 'login', request);
 * ```
 */
export async function applyRateLimit(
  resolved: ResolvedEndpoints,
  endpoint: 'login' | 'token',
  request: EndpointRequest,
): Promise<void> {
  if (resolved.rateLimit === undefined) return;
  let refusal: Awaited<ReturnType<NonNullable<ResolvedEndpoints['rateLimit']>>>;
  try {
    refusal = await resolved.rateLimit({
      endpoint,
      headers: request.headers,
      request: request.raw,
    });
  } catch (error) {
    throw new AppFailure(error);
  }
  if (refusal === undefined || refusal === null) return;
  const seconds = refusal.retryAfterSeconds;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
    throw new AppFailure(new TypeError('rateLimit answered a refusal without retryAfterSeconds'));
  }
  throw new EndpointRefusal(
    errorResponse(429, 'invalid_request', 'too many requests; retry later', [
      ['Retry-After', String(Math.ceil(seconds))],
    ]),
  );
}
