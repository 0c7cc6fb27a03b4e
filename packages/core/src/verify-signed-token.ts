/**
 * The cryptographic half of verification: a compact JWS access token against the key
 * source and the policy, with jose doing the signature and registered-claim checks.
 * Runs on every runtime (WebCrypto).
 */
import {
  type JWTPayload,
  type JWTVerifyOptions,
  jwtVerify,
  type ProtectedHeaderParameters,
} from 'jose';
import { isCanonicalCompactJws } from './compact-token.js';
import { createError } from './errors/jwt-guard-error.js';
import { translateJoseError } from './errors/translate-jose-error.js';
import { checkProtectedHeader } from './header-policy.js';
import type { RequestContext } from './keys/jwks-cache.js';
import type { KeySource } from './keys/key-source.js';
import { timeSanityFailure } from './validate-claims.js';
import type { ResolvedVerifierOptions } from './verifier-options.js';

/** A token that passed: its claims, header and the key set generation of its key. */
export interface SignedTokenResult {
  readonly payload: JWTPayload;
  readonly header: ProtectedHeaderParameters;
  readonly keyVersion: number;
}

/**
 * Verifies one token at a given time (milliseconds); rejects with a `JwtGuardError`.
 * Refuses any token not in canonical compact form (`ERR_TOKEN_MALFORMED`) before all else.
 */
export type VerifySignedToken = (
  token: string,
  nowMs: number,
  context?: RequestContext,
) => Promise<SignedTokenResult>;

/**
 * Prepares the jose-based verification once, for every later token.
 *
 * @example
 * ```ts
 * const verifySigned = createSignedTokenVerifier(resolved, keySource);
 * const { payload } = await verifySigned(token, Date.now());
 * ```
 */
export function createSignedTokenVerifier(
  options: ResolvedVerifierOptions,
  keySource: KeySource,
): VerifySignedToken {
  const { realm, requireAtJwt, clockTolerance } = options;
  const joseOptions: JWTVerifyOptions = {
    issuer: options.issuer,
    audience: options.audience,
    algorithms: [...options.algorithms],
    clockTolerance,
    maxTokenAge: options.maxTokenAge,
    requiredClaims: ['exp'],
  };
  return async (token, nowMs, context) => {
    // One spelling per token (SECURITY.md); jose's decoder alone would accept several.
    if (!isCanonicalCompactJws(token)) throw createError('ERR_TOKEN_MALFORMED', { realm });
    let keyVersion = 0;
    const getKey = async (header: ProtectedHeaderParameters) => {
      checkProtectedHeader(header, requireAtJwt, realm);
      const lookup = await keySource.getKey(header, context);
      keyVersion = lookup.version;
      return lookup.key;
    };
    let result: Awaited<ReturnType<typeof jwtVerify>>;
    try {
      result = await jwtVerify(token, getKey, { ...joseOptions, currentDate: new Date(nowMs) });
    } catch (error) {
      throw translateJoseError(error, realm);
    }
    const { payload } = result;
    const failure = timeSanityFailure(payload, nowMs / 1000, clockTolerance);
    if (failure) throw createError(failure, { realm });
    return { payload, header: result.protectedHeader, keyVersion };
  };
}
