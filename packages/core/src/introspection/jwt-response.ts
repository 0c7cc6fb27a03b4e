/**
 * RFC 9701 signed introspection answers: verified with the issuer's own keys under its
 * algorithm allowlist, with `typ` `token-introspection+jwt` (RFC 9701 §5), the issuer as
 * `iss` and this resource server's client id in `aud`.
 */
import { type JWTPayload, jwtVerify } from 'jose';
import type { KeySource } from '../keys/key-source.js';
import { createKeyFitCheck } from '../signature/signed-token.js';
import type { VerifyJwtResponse } from './introspection-response.js';

/** What checking a signed answer needs of the issuer. */
export interface JwtResponseIssuer {
  readonly issuer: string;
  readonly clientId: string;
  readonly keySource: KeySource;
  readonly algorithms: ReadonlySet<string>;
}

/**
 * Prepares the check of one issuer's signed answers.
 *
 * @example
 * ```ts
 * const verifyJwt = jwtResponseVerifier({ issuer, clientId: 'api', keySource, algorithms });
 * const { token_introspection } = await verifyJwt(body);
 * ```
 */
export function jwtResponseVerifier(of: JwtResponseIssuer): VerifyJwtResponse {
  const assertKeyFits = createKeyFitCheck();
  const algorithms = [...of.algorithms];
  return async (jwt): Promise<JWTPayload> => {
    const { payload } = await jwtVerify(
      jwt,
      async (header) => {
        const lookup = await of.keySource.getKey(header);
        assertKeyFits(lookup, header.alg);
        return lookup.key;
      },
      {
        issuer: of.issuer,
        audience: of.clientId,
        typ: 'token-introspection+jwt',
        algorithms,
      },
    );
    return payload;
  };
}
