/**
 * The client certificate as a trusted TLS-terminating proxy forwards it: RFC 9440
 * `Client-Cert`, an RFC 8941 byte sequence (`:` standard base64 of the DER `:`).
 */

// RFC 8941 §3.3.5: base64 characters between colons. Canonical spelling is checked after.
const BYTE_SEQUENCE = /^:([A-Za-z0-9+/]*={0,2}):$/;

/**
 * The DER bytes of a `Client-Cert` header value, or `undefined` unless the value is exactly
 * one well-formed byte sequence: no list (two header lines, or commas), no parameters, not
 * empty, and its base64 canonical (padded, no stray bits). Spaces and tabs around the value
 * are ignored, as HTTP strips them. The certificate itself is not parsed: its thumbprint is
 * what binds a token.
 *
 * @example
 * ```ts
 * const der = parseClientCertHeader(req.headers['client-cert']);
 * const thumbprint = der && (await certificateThumbprint(der));
 * ```
 */
export function parseClientCertHeader(
  value: string | readonly string[] | null | undefined,
): Uint8Array | undefined {
  const text = typeof value === 'string' ? value : value?.length === 1 ? value[0] : undefined;
  const base64 = text === undefined ? undefined : trimOws(text).match(BYTE_SEQUENCE)?.[1];
  if (!base64 || base64.length % 4 !== 0) return undefined;
  const binary = atob(base64);
  // atob is forgiving (missing padding, non-zero trailing bits): one spelling per value only.
  if (btoa(binary) !== base64) return undefined;
  const der = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) der[i] = binary.charCodeAt(i);
  return der;
}

// RFC 9110 §5.5: optional whitespace (spaces and tabs only) around a field value. A loop,
// as a trailing-whitespace regular expression backtracks quadratically on long runs.
function trimOws(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isOws(text.charCodeAt(start))) start++;
  while (end > start && isOws(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

function isOws(code: number): boolean {
  return code === 0x20 || code === 0x09;
}
