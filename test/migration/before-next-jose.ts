/** Before: a Next.js route handler that checks the token by hand with jose. */
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { IssuerTarget } from './target.js';

const unauthorized = () => Response.json({ error: 'unauthorized' }, { status: 401 });

/**
 * The route module before the migration (`app/api/me/route.ts`): the bearer header parsed
 * by hand, jose's `jwtVerify` against the JWKS, every failure a 401 without a challenge.
 *
 * @example
 * ```ts
 * export const { GET } = createRoute(target);
 * ```
 */
export function createRoute({ issuer, audience, jwksUri }: IssuerTarget) {
  const jwks = createRemoteJWKSet(new URL(jwksUri));
  return {
    async GET(request: Request): Promise<Response> {
      const header = request.headers.get('authorization');
      if (!header?.startsWith('Bearer ')) return unauthorized();
      try {
        const { payload } = await jwtVerify(header.slice('Bearer '.length), jwks, {
          issuer,
          audience,
          algorithms: ['RS256'],
        });
        return Response.json({ sub: payload.sub });
      } catch {
        return unauthorized();
      }
    },
  };
}
