/** The `isRevoked` hook, run on every request (cached or not), failing closed. */
import type { JWTPayload, ProtectedHeaderParameters } from 'jose';
import { createError } from '../errors/jwt-guard-error.js';

/**
 * The application's revocation check; `true` refuses the token. Key it on the issuer and
 * `jti` together (a `jti` is unique only within its issuer, RFC 7519 §4.1.7), never on the
 * token string (an ES* signature has two valid spellings). `createDenyList` does this.
 */
export type IsRevoked = (
  payload: JWTPayload,
  header: ProtectedHeaderParameters,
) => boolean | Promise<boolean>;

/**
 * Runs the hook: `ERR_TOKEN_REVOKED` (401) when it answers `true`;
 * `ERR_REVOCATION_UNAVAILABLE` (503) when it throws or rejects, since a revoked token
 * must not pass because a deny list could not be read.
 *
 * @example
 * ```ts
 * await checkRevocation(isRevoked, payload, header);
 * ```
 */
export async function checkRevocation(
  isRevoked: IsRevoked,
  payload: JWTPayload,
  header: ProtectedHeaderParameters,
): Promise<void> {
  let revoked: boolean;
  try {
    revoked = await isRevoked(payload, header);
  } catch (cause) {
    throw createError('ERR_REVOCATION_UNAVAILABLE', { cause });
  }
  if (revoked === true) throw createError('ERR_TOKEN_REVOKED');
}
