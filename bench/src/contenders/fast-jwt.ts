/**
 * fast-jwt `createVerifier` with an async key fetcher: get-jwks `getPublicKey`, the
 * fastify-jwt recipe. get-jwks converts JWKs with jwk-to-pem (RSA and EC only), so EdDSA
 * uses a key function that imports the JWK once per kid.
 */
import { createPublicKey } from 'node:crypto';
import { createVerifier, type DecodedJwt } from 'fast-jwt';
import buildGetJwks from 'get-jwks';
import type { Contender, ContenderContext, Prepared } from './types.js';

function prepare({ issuer, alg, algorithms }: ContenderContext, cache: boolean): Prepared {
  const getJwks = buildGetJwks({ providerDiscovery: true, issuersWhitelist: [issuer.issuer] });
  const signature = ({ header, payload }: DecodedJwt) => ({
    domain: payload.iss,
    alg: header.alg,
    kid: header.kid,
  });
  const pems = new Map<string, Promise<string>>();
  const key =
    alg === 'EdDSA'
      ? (decoded: DecodedJwt) => {
          const kid = String(decoded.header.kid);
          let pem = pems.get(kid);
          if (!pem) {
            pem = getJwks.getJwk(signature(decoded)).then(
              (jwk) =>
                createPublicKey({ key: jwk, format: 'jwk' }).export({
                  type: 'spki',
                  format: 'pem',
                }) as string,
            );
            pems.set(kid, pem);
          }
          return pem;
        }
      : (decoded: DecodedJwt) => getJwks.getPublicKey(signature(decoded));
  const verify = createVerifier({
    key,
    cache,
    algorithms: [...algorithms],
    allowedIss: issuer.issuer,
    allowedAud: issuer.audience,
  });
  return {
    verify: (token) => verify(token),
    ...(alg === 'EdDSA'
      ? { note: 'fast-jwt EdDSA: key function with a per-kid PEM (get-jwks cannot convert OKP)' }
      : {}),
  };
}

/**
 * fast-jwt with `cache: true` (its LRU of 1000 verified tokens).
 *
 * @example
 * ```ts
 * const driver = await fastJwtCache.prepare(context);
 * ```
 */
export const fastJwtCache: Contender = {
  id: 'fast-jwt-cache',
  label: 'fast-jwt + get-jwks, cache: true',
  baseline: 'ours',
  prepare: async (context) => prepare(context, true),
};

/**
 * fast-jwt without its cache.
 *
 * @example
 * ```ts
 * const driver = await fastJwtNoCache.prepare(context);
 * ```
 */
export const fastJwtNoCache: Contender = {
  id: 'fast-jwt',
  label: 'fast-jwt + get-jwks, no cache',
  prepare: async (context) => prepare(context, false),
};
