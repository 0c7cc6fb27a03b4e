/**
 * Where a request's client certificate comes from (RFC 8705), on each runtime: a header set
 * by a TLS-terminating proxy the API trusts (RFC 9440 `Client-Cert`), the Node TLS
 * connection, or Cloudflare's `request.cf.tlsClientAuth`.
 */
import type { ClientCertificate } from '../token/extract-token.js';
import { parseClientCertHeader } from './client-cert-header.js';
import { thumbprintFromHexFingerprint } from './hex-fingerprint.js';
import { peerCertificateDer } from './peer-certificate.js';

/** What an adapter can lend: the trusted header's value(s), the TLS socket, Cloudflare's `cf`. */
export interface CertificateOrigins {
  /** The value(s) of the configured certificate header, when one is configured. */
  readonly header?: string | readonly string[] | null | undefined;
  /** Node's TLS socket (`req.socket`). */
  readonly socket?: unknown;
  /** Cloudflare Workers' `request.cf`. */
  readonly cf?: unknown;
}

/**
 * The client certificate: from the trusted header when `fromHeader` (and then from nowhere
 * else: behind a proxy, the connection is the proxy's), otherwise from the TLS connection,
 * otherwise from Cloudflare's `tlsClientAuth` (its SHA-256 fingerprint, when a certificate
 * was presented and Cloudflare does not report it revoked; an unverified one, self-signed
 * say, still counts: RFC 8705 §3 binds by thumbprint, not by chain). `undefined` when none.
 *
 * @example
 * ```ts
 * readClientCertificate(false, { socket: req.socket });
 * ```
 */
export function readClientCertificate(
  fromHeader: boolean,
  origins: CertificateOrigins,
): ClientCertificate | undefined {
  if (fromHeader) {
    const der = parseClientCertHeader(origins.header);
    return der ? { der } : undefined;
  }
  const der = peerCertificateDer(origins.socket);
  if (der) return { der };
  const auth = (origins.cf as { tlsClientAuth?: Record<string, unknown> } | undefined)
    ?.tlsClientAuth;
  if (auth?.certPresented !== '1' || auth.certRevoked === '1') return undefined;
  const thumbprint = thumbprintFromHexFingerprint(auth.certFingerprintSHA256);
  return thumbprint ? { thumbprint } : undefined;
}
