/** Certificates for mutual-TLS tests: they parse, chain, and carry the right thumbprints. */
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createCertificateAuthority,
  createClientCertificate,
  createServerCertificate,
  type TestCertificate,
  type TestCertificateAuthority,
} from '../src/index.js';

let authority: TestCertificateAuthority;
let client: TestCertificate;
let issued: TestCertificate;
let server: TestCertificate;
let selfSignedServer: TestCertificate;

beforeAll(async () => {
  authority = await createCertificateAuthority();
  [client, issued, server, selfSignedServer] = await Promise.all([
    createClientCertificate({ commonName: 'payments' }),
    authority.issue('reports'),
    createServerCertificate(authority),
    createServerCertificate(),
  ]);
});

const thumbprintOf = (der: Uint8Array) => createHash('sha256').update(der).digest('base64url');
const fingerprintThumbprint = (pem: string) =>
  Buffer.from(new X509Certificate(pem).fingerprint256.replaceAll(':', ''), 'hex').toString(
    'base64url',
  );

describe('createClientCertificate', () => {
  it('makes a self-signed client certificate with its key', () => {
    const x509 = new X509Certificate(client.certPem);
    expect(x509.subject).toBe('CN=payments');
    expect(x509.issuer).toBe('CN=payments');
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.checkPrivateKey(createPrivateKey(client.keyPem))).toBe(true);
    expect(x509.ca).toBe(false);
    expect(x509.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']); // extKeyUsage: clientAuth
    expect(client.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  });

  it('gives the DER of the PEM, and its x5t#S256 thumbprint', () => {
    expect(Buffer.from(client.der)).toEqual(new X509Certificate(client.certPem).raw);
    expect(client.thumbprint).toBe(thumbprintOf(client.der));
    expect(client.thumbprint).toBe(fingerprintThumbprint(client.certPem));
    expect(client.thumbprint).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('has a default common name, and a new key and serial every time', async () => {
    const other = await createClientCertificate();
    expect(new X509Certificate(other.certPem).subject).toBe('CN=jwt-guard test client');
    expect(other.thumbprint).not.toBe(client.thumbprint);
    expect(other.keyPem).not.toBe(client.keyPem);
    expect(new X509Certificate(other.certPem).serialNumber).not.toBe(
      new X509Certificate(client.certPem).serialNumber,
    );
  });

  it('is valid now, for a day', () => {
    const x509 = new X509Certificate(client.certPem);
    const now = Date.now();
    expect(Date.parse(x509.validFrom)).toBeLessThanOrEqual(now);
    expect(Date.parse(x509.validTo)).toBeGreaterThan(now + 23 * 3_600_000);
  });
});

describe('createCertificateAuthority', () => {
  it('makes a CA certificate', () => {
    const x509 = new X509Certificate(authority.certPem);
    expect(x509.ca).toBe(true);
    expect(x509.verify(x509.publicKey)).toBe(true);
  });

  it('issues client certificates under it, with their thumbprints', () => {
    const ca = new X509Certificate(authority.certPem);
    const x509 = new X509Certificate(issued.certPem);
    expect(x509.subject).toBe('CN=reports');
    expect(x509.checkIssued(ca)).toBe(true);
    expect(x509.verify(ca.publicKey)).toBe(true);
    expect(x509.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(issued.thumbprint).toBe(thumbprintOf(issued.der));
    expect(issued.thumbprint).toBe(fingerprintThumbprint(issued.certPem));
  });
});

describe('createServerCertificate', () => {
  it('is valid for 127.0.0.1 and localhost under the CA', () => {
    const ca = new X509Certificate(authority.certPem);
    const x509 = new X509Certificate(server.certPem);
    expect(x509.checkIssued(ca)).toBe(true);
    expect(x509.verify(ca.publicKey)).toBe(true);
    expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x509.checkHost('localhost')).toBe('localhost');
    expect(x509.checkIP('127.0.0.2')).toBeUndefined();
    expect(x509.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // extKeyUsage: serverAuth
    expect(server.thumbprint).toBe(thumbprintOf(server.der));
  });

  it('is self-signed without a CA', () => {
    const x509 = new X509Certificate(selfSignedServer.certPem);
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1');
  });
});
