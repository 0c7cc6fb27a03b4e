/** jose on its own: `jwtVerify` with `createRemoteJWKSet`, the library core builds on. */
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { Contender } from './types.js';

/**
 * `jwtVerify(token, createRemoteJWKSet(jwksUri), { issuer, audience, algorithms })`.
 *
 * @example
 * ```ts
 * const driver = await jose.prepare(context);
 * ```
 */
export const jose: Contender = {
  id: 'jose',
  label: 'jose jwtVerify + createRemoteJWKSet',
  async prepare({ issuer, algorithms }) {
    const keys = createRemoteJWKSet(new URL(issuer.jwksUri));
    const options = {
      issuer: issuer.issuer,
      audience: issuer.audience,
      algorithms: [...algorithms],
    };
    return { verify: (token) => jwtVerify(token, keys, options) };
  },
};
