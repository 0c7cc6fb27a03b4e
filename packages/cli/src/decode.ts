/**
 * Reads a compact token without verifying it, through jose's decoders (no hand-written
 * base64url): its kind by part count, its protected header, and for a JWS its claims.
 */
import {
  decodeJwt,
  decodeProtectedHeader,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from 'jose';

/** A decoded, unverified token. A JWE's claims are encrypted, so only its header is read. */
export interface DecodedToken {
  readonly kind: 'JWS' | 'JWE';
  readonly header: ProtectedHeaderParameters;
  readonly claims: JWTPayload | undefined;
}

/** The input is not a compact JWS or JWE; the message says why, without the token. */
export class MalformedTokenError extends Error {
  override readonly name = 'MalformedTokenError';
}

/**
 * Decodes `token`, or throws {@link MalformedTokenError}.
 *
 * @example
 * ```ts
 * const { kind, header, claims } = decodeToken(token);
 * ```
 */
export function decodeToken(token: string): DecodedToken {
  const parts = token.split('.').length;
  if (token === '') throw new MalformedTokenError('no token given (empty input)');
  if (parts !== 3 && parts !== 5) {
    throw new MalformedTokenError(
      `a compact JWT has 3 parts (JWS) or 5 parts (JWE) separated by dots; this input has ${parts}`,
    );
  }
  const kind = parts === 3 ? 'JWS' : 'JWE';
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(token);
  } catch (error) {
    throw new MalformedTokenError(`the protected header cannot be decoded (${reason(error)})`);
  }
  if (kind === 'JWE') return { kind, header, claims: undefined };
  try {
    return { kind, header, claims: decodeJwt(token) };
  } catch (error) {
    throw new MalformedTokenError(`the claims cannot be decoded (${reason(error)})`);
  }
}

// jose's decode messages describe the structure ("Invalid JWT Claims Set"), never content.
const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));
