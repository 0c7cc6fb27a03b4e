/**
 * express-oauth2-jwt-bearer (Auth0). Its verifier (`jwtVerifier` of access-token-jwt) is
 * bundled and not exported, so its Express middleware is driven with a fake request.
 */
import { auth } from 'express-oauth2-jwt-bearer';
import { driveMiddleware } from './fake-express.js';
import type { Contender } from './types.js';

/**
 * `auth({ issuerBaseURL, audience })` called with a fake request; compared with ours
 * through @jwt-guard/express called the same way.
 *
 * @example
 * ```ts
 * const driver = await auth0.prepare(context);
 * ```
 */
export const auth0: Contender = {
  id: 'auth0',
  label: 'express-oauth2-jwt-bearer (fake req)',
  baseline: 'ours-express',
  async prepare({ issuer }) {
    return {
      verify: driveMiddleware(auth({ issuerBaseURL: issuer.issuer, audience: issuer.audience })),
    };
  },
};
