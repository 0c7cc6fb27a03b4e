/** The certificate thumbprint that binds an access token (RFC 8705 §3.1, `x5t#S256`). */
import { base64url } from 'jose';

/**
 * The `x5t#S256` thumbprint of a certificate: base64url (no padding) of the SHA-256 of its
 * DER bytes (RFC 8705 §3.1). WebCrypto's digest, so it runs on every runtime.
 *
 * @example
 * ```ts
 * const der = peerCertificateDer(req.socket);
 * const thumbprint = der && (await certificateThumbprint(der));
 * ```
 */
export async function certificateThumbprint(der: Uint8Array): Promise<string> {
  // Copied into a fresh ArrayBuffer: WebCrypto refuses views of a SharedArrayBuffer.
  const digest = await crypto.subtle.digest('SHA-256', new Uint8Array(der));
  return base64url.encode(new Uint8Array(digest));
}
