/**
 * aws-jwt-verify `JwtVerifier`. Its default fetcher speaks https only; a custom fetcher in
 * its `SimpleJwksCache` (the documented seam) reads the JWKS from the loopback issuer.
 */
import { JwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { loopbackFetch } from '../loopback.js';
import type { Contender } from './types.js';

/**
 * `JwtVerifier.create({ issuer, audience, jwksUri }).verify(token)`.
 *
 * @example
 * ```ts
 * const driver = await awsJwtVerify.prepare(context);
 * ```
 */
export const awsJwtVerify: Contender = {
  id: 'aws-jwt-verify',
  label: 'aws-jwt-verify JwtVerifier',
  async prepare({ issuer }) {
    const jwksCache = new SimpleJwksCache({
      fetcher: { fetch: async (uri) => (await loopbackFetch(uri)).arrayBuffer() },
    });
    const verifier = JwtVerifier.create(
      { issuer: issuer.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri },
      { jwksCache },
    );
    return { verify: (token) => verifier.verify(token) };
  },
};
