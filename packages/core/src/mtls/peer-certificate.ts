/**
 * The client certificate of a TLS connection on Node (`node:https`, `node:tls`, and the
 * runtimes that emulate them), read through the socket's shape, so core imports no `node:`.
 */

interface PeerCertificateSocket {
  getPeerCertificate(): { readonly raw?: unknown } | null | undefined;
}

/**
 * The DER bytes of the certificate the client presented on a TLS socket (`raw` of
 * `socket.getPeerCertificate()`), or `undefined` for a socket that is not TLS or a client
 * that presented none. `socket.authorized` is deliberately not required: RFC 8705 §3 binds
 * the token to the certificate by its thumbprint, so a self-signed client certificate is
 * as good as one a CA issued (the server still needs `requestCert: true`, and may set
 * `rejectUnauthorized: false`).
 *
 * @example
 * ```ts
 * const server = https.createServer({ key, cert, requestCert: true, rejectUnauthorized: false },
 *   async (req, res) => {
 *     const der = peerCertificateDer(req.socket);
 *     const thumbprint = der && (await certificateThumbprint(der));
 *   });
 * ```
 */
export function peerCertificateDer(socket: unknown): Uint8Array | undefined {
  if (!hasPeerCertificate(socket)) return undefined;
  // No certificate presented: Node answers `{}` (an empty object), or null once closed.
  const raw = socket.getPeerCertificate()?.raw;
  // A Buffer on Node; read as a view so that one from another realm counts as well.
  if (!ArrayBuffer.isView(raw) || raw.byteLength === 0) return undefined;
  return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
}

function hasPeerCertificate(socket: unknown): socket is PeerCertificateSocket {
  return (
    typeof socket === 'object' &&
    socket !== null &&
    typeof (socket as Partial<PeerCertificateSocket>).getPeerCertificate === 'function'
  );
}
