/** The RFC 8705 §3 check: a certificate-bound token is accepted only with its certificate. */
import type { ResolvedMtls } from './mtls-options.js';

/** The error code of a failed certificate binding. */
export type CertificateBindingFailure = 'ERR_CERTIFICATE_MISMATCH';

/**
 * Why a verified token's certificate binding fails, or `undefined` when it holds.
 * `payload.cnf` (RFC 7800) with an `x5t#S256` member binds the token: the thumbprint of
 * the certificate presented must equal it exactly (RFC 8705 §3.1; both are public, so a
 * plain comparison). A token with no `x5t#S256` is unbound: refused when `required`,
 * accepted otherwise. A malformed `cnf` (not an object, or `x5t#S256` not a string) is
 * refused always: what it binds to cannot be known. Only own properties are read.
 *
 * @example
 * ```ts
 * const failure = certificateBindingFailure(payload, thumbprint, resolveMtlsOptions({}));
 * if (failure) throw createError(failure);
 * ```
 */
export function certificateBindingFailure(
  payload: { readonly cnf?: unknown },
  presentedThumbprint: string | undefined,
  resolved: ResolvedMtls,
): CertificateBindingFailure | undefined {
  const cnf = ownProperty(payload, 'cnf');
  if (cnf === undefined) return resolved.required ? 'ERR_CERTIFICATE_MISMATCH' : undefined;
  if (typeof cnf !== 'object' || cnf === null || Array.isArray(cnf)) {
    return 'ERR_CERTIFICATE_MISMATCH';
  }
  if (!Object.hasOwn(cnf, 'x5t#S256')) {
    // Bound some other way (a DPoP `jkt`, a `jwk`), or not at all: not to a certificate.
    return resolved.required ? 'ERR_CERTIFICATE_MISMATCH' : undefined;
  }
  const expected = (cnf as Record<string, unknown>)['x5t#S256'];
  if (typeof expected !== 'string' || presentedThumbprint === undefined) {
    return 'ERR_CERTIFICATE_MISMATCH';
  }
  return expected === presentedThumbprint ? undefined : 'ERR_CERTIFICATE_MISMATCH';
}

function ownProperty(object: object, key: string): unknown {
  return Object.hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined;
}
