/**
 * `createVerifier`: verifies a compact JWS access token against the issuer's keys and the
 * policy of SECURITY.md, with jose doing the cryptography and the registered-claim checks.
 */
import {
  type JWTPayload,
  type JWTVerifyOptions,
  jwtVerify,
  type ProtectedHeaderParameters,
} from 'jose';
import type { AuthInfo } from './auth-info.js';
import { createError } from './errors/jwt-guard-error.js';
import { translateJoseError } from './errors/translate-jose-error.js';
import { checkProtectedHeader } from './header-policy.js';
import { createKeySource, type KeySource } from './keys/key-source.js';
import { createSecretKeySource } from './keys/secret-key-source.js';
import {
  type ResolvedVerifierOptions,
  resolveVerifierOptions,
  type VerifierOptions,
} from './verifier-options.js';

/** Verifies tokens. One per issuer; reuse it for every request. */
export interface Verifier {
  /** Resolves to the verified token, or rejects with a `JwtGuardError`. */
  verify<Claims extends object = JWTPayload>(token: string): Promise<AuthInfo<Claims>>;
  /** The validated options, defaults filled in. */
  readonly options: ResolvedVerifierOptions;
}

// RFC 7515 §7.1 compact serialization: three base64url segments, no padding. A stricter
// shape than jose's decoder accepts, so one token has exactly one spelling (SECURITY.md).
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Creates a verifier. Options are validated here (a `TypeError` names the bad option);
 * nothing is fetched until the first `verify`, so creation never fails on a down issuer.
 *
 * @example
 * ```ts
 * const verifier = createVerifier({ issuer: 'https://id.example.com/', audience: 'https://api.example.com' });
 * const { payload } = await verifier.verify(token);
 * ```
 */
export function createVerifier(options: VerifierOptions): Verifier {
  const resolved = resolveVerifierOptions(options);
  const { realm, clockTolerance, requireAtJwt, maxTokenBytes, now } = resolved;
  const keySource: KeySource =
    resolved.keySource ??
    (resolved.secret
      ? createSecretKeySource(resolved.secret)
      : createKeySource({
          ...resolved.jwks,
          issuer: resolved.issuer,
          jwksUri: resolved.jwksUri,
          algorithms: resolved.algorithms,
          fetch: resolved.fetch,
          now: now ?? Date.now,
          realm,
        }));

  const baseJoseOptions: JWTVerifyOptions = {
    issuer: resolved.issuer,
    audience: resolved.audience,
    algorithms: [...resolved.algorithms],
    clockTolerance,
    maxTokenAge: resolved.maxTokenAge,
    requiredClaims: ['exp'],
  };

  const getKey = async (header: ProtectedHeaderParameters) => {
    checkProtectedHeader(header, requireAtJwt, realm);
    return (await keySource.getKey(header)).key;
  };

  return {
    options: resolved,
    async verify<Claims extends object = JWTPayload>(token: string): Promise<AuthInfo<Claims>> {
      if (typeof token !== 'string' || token.length > maxTokenBytes) {
        throw createError(
          typeof token === 'string' ? 'ERR_TOKEN_TOO_LARGE' : 'ERR_TOKEN_MALFORMED',
          { realm },
        );
      }
      if (!COMPACT_JWS.test(token)) throw createError('ERR_TOKEN_MALFORMED', { realm });
      const nowMs = now?.();
      let result: Awaited<ReturnType<typeof jwtVerify>>;
      try {
        result = await jwtVerify(
          token,
          getKey,
          nowMs === undefined
            ? baseJoseOptions
            : { ...baseJoseOptions, currentDate: new Date(nowMs) },
        );
      } catch (error) {
        throw translateJoseError(error, realm);
      }
      checkTimeClaims(result.payload, (nowMs ?? Date.now()) / 1000, clockTolerance, realm);
      return {
        payload: result.payload as Claims & JWTPayload,
        header: result.protectedHeader,
        token,
      };
    },
  };
}

// jose checks types and windows; JSON still admits 1e400 (Infinity), which would make a
// token that never expires, and jose checks `iat` against the clock only with maxTokenAge.
function checkTimeClaims(
  payload: JWTPayload,
  nowSeconds: number,
  tolerance: number,
  realm: string,
) {
  for (const claim of ['exp', 'nbf', 'iat'] as const) {
    const value = payload[claim];
    if (value !== undefined && !Number.isFinite(value))
      throw createError('ERR_CLAIM_INVALID', { realm });
  }
  if (payload.iat !== undefined && payload.iat > nowSeconds + tolerance) {
    throw createError('ERR_CLAIM_INVALID', { realm });
  }
}
