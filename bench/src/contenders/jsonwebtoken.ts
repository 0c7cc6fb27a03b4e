/**
 * jsonwebtoken + jwks-rsa: the path under express-jwt and koa-jwt, with jwks-rsa's key
 * cache and rate limit on as their docs set them.
 */
import jwt, { type GetPublicKeyOrSecret } from 'jsonwebtoken';
import jwksRsa from 'jwks-rsa';
import type { Contender } from './types.js';

/**
 * `jwt.verify(token, getKey, options, callback)` with `getKey` from `jwksClient`.
 *
 * @example
 * ```ts
 * const driver = await jsonwebtoken.prepare(context);
 * ```
 */
export const jsonwebtoken: Contender = {
  id: 'jsonwebtoken',
  label: 'jsonwebtoken + jwks-rsa',
  async prepare({ issuer, alg }) {
    if (alg === 'EdDSA') return { skipped: 'jsonwebtoken 9 has no EdDSA' };
    const client = jwksRsa({ jwksUri: issuer.jwksUri, cache: true, rateLimit: true });
    const getKey: GetPublicKeyOrSecret = (header, callback) => {
      client.getSigningKey(header.kid, (error, key) => callback(error, key?.getPublicKey()));
    };
    const options = {
      issuer: issuer.issuer,
      audience: issuer.audience,
      algorithms: ['RS256', 'ES256'] as jwt.Algorithm[],
    };
    return {
      verify: (token) =>
        new Promise((resolve, reject) => {
          jwt.verify(token, getKey, options, (error, payload) => {
            if (error) reject(error);
            else resolve(payload);
          });
        }),
    };
  },
};
