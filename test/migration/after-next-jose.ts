/** After: the same Next.js route handler on @jwt-guard/next. */
import { jwtAuth } from '@jwt-guard/next';
import type { IssuerTarget } from './target.js';

/**
 * The route module after the migration: `protect` verifies, and answers every refusal
 * with its RFC 6750 status and challenge (503 when the keys cannot be had).
 *
 * @example
 * ```ts
 * export const { GET } = createRoute(target);
 * ```
 */
export function createRoute({ issuer, audience }: IssuerTarget) {
  const protect = jwtAuth({ issuer, audience, algorithms: ['RS256'] });
  return {
    GET: protect(async (_request, { auth }) => Response.json({ sub: auth.payload.sub })),
  };
}
