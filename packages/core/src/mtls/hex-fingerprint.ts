/**
 * A thumbprint from a runtime that gives the certificate's SHA-256 fingerprint in hex
 * rather than the certificate: Cloudflare's `request.cf.tlsClientAuth.certFingerprintSHA256`.
 */
import { base64url } from 'jose';

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

/**
 * The `x5t#S256` thumbprint (RFC 8705 §3.1) of a hex SHA-256 fingerprint: 64 hex digits in
 * either case, nothing else (no colons, no spaces). `undefined` for any other value,
 * including Cloudflare's empty string when no certificate was presented.
 *
 * @example
 * ```ts
 * const thumbprint = thumbprintFromHexFingerprint(request.cf?.tlsClientAuth?.certFingerprintSHA256);
 * ```
 */
export function thumbprintFromHexFingerprint(hex: unknown): string | undefined {
  if (typeof hex !== 'string' || !SHA256_HEX.test(hex)) return undefined;
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return base64url.encode(bytes);
}
