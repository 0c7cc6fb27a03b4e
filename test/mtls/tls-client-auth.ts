/** Cloudflare's `request.cf.tlsClientAuth`, as Workers receive it, for a test certificate. */
import { createHash } from 'node:crypto';
import type { TestCertificate } from '@jwt-guard/testing';

/** The fields of `tlsClientAuth` these tests set; Cloudflare sends every value as a string. */
export interface TlsClientAuth {
  readonly certPresented: '0' | '1';
  readonly certVerified: string;
  readonly certRevoked: '0' | '1';
  readonly certFingerprintSHA256: string;
  readonly certFingerprintSHA1: string;
  readonly certSubjectDN: string;
}

/**
 * What Cloudflare reports for a client that presented `certificate` (verified against the
 * zone's CA), or, without one, for a client that presented none: `certPresented: '0'` and
 * empty fingerprints.
 *
 * @example
 * ```ts
 * Object.defineProperty(request, 'cf', { value: { tlsClientAuth: tlsClientAuth(client) } });
 * ```
 */
export function tlsClientAuth(certificate?: TestCertificate): TlsClientAuth {
  if (!certificate) {
    return {
      certPresented: '0',
      certVerified: 'NONE',
      certRevoked: '0',
      certFingerprintSHA256: '',
      certFingerprintSHA1: '',
      certSubjectDN: '',
    };
  }
  const digest = (algorithm: string) => createHash(algorithm).update(certificate.der).digest('hex');
  return {
    certPresented: '1',
    certVerified: 'SUCCESS',
    certRevoked: '0',
    certFingerprintSHA256: digest('sha256'),
    certFingerprintSHA1: digest('sha1'),
    certSubjectDN: 'CN=jwt-guard test client',
  };
}
