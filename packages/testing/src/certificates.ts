/**
 * X.509 certificates for mutual-TLS tests (RFC 8705 certificate-bound tokens): a CA, client
 * and server certificates, made in-process at test start and never written to disk.
 */
import { createHash, generateKeyPair, randomBytes, X509Certificate } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

/** A certificate with its private key, and the thumbprint a token is bound to. */
export interface TestCertificate {
  readonly certPem: string;
  /** The private key, PKCS#8 PEM. */
  readonly keyPem: string;
  readonly der: Uint8Array;
  /** `x5t#S256` (RFC 8705 §3.1): base64url of the SHA-256 of `der`, for a token's `cnf`. */
  readonly thumbprint: string;
}

/** Options of {@link createClientCertificate}. */
export interface ClientCertificateOptions {
  /** The subject's common name. Default `'jwt-guard test client'`. */
  readonly commonName?: string;
}

/** A certificate authority that issues client certificates. */
export interface TestCertificateAuthority {
  /** The CA certificate: the server's `ca` to verify clients, a client's to verify servers. */
  readonly certPem: string;
  readonly keyPem: string;
  /** Issues a client certificate (`extKeyUsage` clientAuth) for `commonName`. */
  issue(commonName: string): Promise<TestCertificate>;
}

type Profile = 'ca' | 'client' | 'server';

// What each kind of certificate may do (RFC 5280 §4.2.1.3, §4.2.1.9, §4.2.1.12).
const EXTENSIONS: Readonly<Record<Profile, readonly object[]>> = {
  ca: [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ],
  client: [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, critical: true },
    { name: 'extKeyUsage', clientAuth: true },
  ],
  server: [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 7, ip: '127.0.0.1' },
        { type: 2, value: 'localhost' },
      ],
    },
  ],
};

const DAY_MS = 86_400_000;
const generateRsaKeyPair = promisify(generateKeyPair);

interface Signer {
  readonly subject: forge.pki.CertificateField[];
  readonly privateKey: forge.pki.rsa.PrivateKey;
  /** The issuer's subject key identifier (bytes), for the authority key identifier. */
  readonly keyId: string | undefined;
}

/**
 * A self-signed client certificate. RFC 8705 §3 binds a token to the certificate itself
 * (its thumbprint), so no CA is needed: a server asks for it with `requestCert: true` and
 * `rejectUnauthorized: false`. Valid from a minute ago for one day; RSA 2048.
 *
 * @example
 * ```ts
 * const client = await createClientCertificate({ commonName: 'payments' });
 * const token = await issuer.mint({ claims: { cnf: { 'x5t#S256': client.thumbprint } } });
 * https.request(url, { cert: client.certPem, key: client.keyPem, ca: server.certPem });
 * ```
 */
export async function createClientCertificate(
  options: ClientCertificateOptions = {},
): Promise<TestCertificate> {
  return createCertificate('client', options.commonName ?? 'jwt-guard test client');
}

/**
 * A certificate authority, for a server that verifies its clients (`ca: authority.certPem`,
 * `rejectUnauthorized: true`) and for {@link createServerCertificate}.
 *
 * @example
 * ```ts
 * const authority = await createCertificateAuthority();
 * const client = await authority.issue('payments');
 * https.createServer({ ...serverTls, ca: authority.certPem, requestCert: true }, handler);
 * ```
 */
export async function createCertificateAuthority(): Promise<TestCertificateAuthority> {
  const { certPem, keyPem } = await createCertificate('ca', 'jwt-guard test CA');
  const signer = signerOf({ certPem, keyPem });
  return {
    certPem,
    keyPem,
    issue: (commonName) => createCertificate('client', commonName, signer),
  };
}

/**
 * A server certificate for `127.0.0.1` and `localhost` (subjectAltName), issued by `ca`, or
 * self-signed without one. A client trusts it with `ca: authority.certPem`, or with
 * `ca: server.certPem` when self-signed.
 *
 * @example
 * ```ts
 * const server = await createServerCertificate(authority);
 * https.createServer({ cert: server.certPem, key: server.keyPem, requestCert: true }, handler);
 * ```
 */
export async function createServerCertificate(
  ca?: Pick<TestCertificateAuthority, 'certPem' | 'keyPem'>,
): Promise<TestCertificate> {
  return createCertificate('server', '127.0.0.1', ca && signerOf(ca));
}

async function createCertificate(
  profile: Profile,
  commonName: string,
  issuer?: Signer,
): Promise<TestCertificate> {
  // Node generates the key natively; forge's pure-JavaScript generation takes seconds.
  const { publicKey, privateKey } = await generateRsaKeyPair('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(
    publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  );
  // A positive 128-bit serial (RFC 5280 §4.1.2.2): unique, so clients never confuse two.
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + DAY_MS);
  const subject = [{ shortName: 'CN', value: commonName }];
  cert.setSubject(subject);
  cert.setIssuer(issuer?.subject ?? subject);
  cert.setExtensions([
    ...EXTENSIONS[profile],
    { name: 'subjectKeyIdentifier' },
    ...(issuer?.keyId ? [{ name: 'authorityKeyIdentifier', keyIdentifier: issuer.keyId }] : []),
  ]);
  cert.sign(issuer?.privateKey ?? forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  return {
    // Node's own PEM (forge writes CRLF line ends), and a check that Node parses it.
    certPem: new X509Certificate(der).toString(),
    keyPem,
    der: new Uint8Array(der),
    thumbprint: createHash('sha256').update(der).digest('base64url'),
  };
}

function signerOf(ca: Pick<TestCertificateAuthority, 'certPem' | 'keyPem'>): Signer {
  const cert = forge.pki.certificateFromPem(ca.certPem);
  const ski = cert.getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier?: string } | null;
  return {
    subject: cert.subject.attributes,
    privateKey: forge.pki.privateKeyFromPem(ca.keyPem),
    keyId: ski?.subjectKeyIdentifier && forge.util.hexToBytes(ski.subjectKeyIdentifier),
  };
}
