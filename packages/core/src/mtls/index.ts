/** Certificate-bound access tokens (RFC 8705 §3, mutual TLS): options, thumbprints, the check. */
export type { CertificateBindingFailure } from './certificate-binding.js';
export { certificateBindingFailure } from './certificate-binding.js';
export { parseClientCertHeader } from './client-cert-header.js';
export { thumbprintFromHexFingerprint } from './hex-fingerprint.js';
export type { MtlsOptions, ResolvedMtls } from './mtls-options.js';
export { resolveMtlsOptions } from './mtls-options.js';
export { peerCertificateDer } from './peer-certificate.js';
export { certificateThumbprint } from './thumbprint.js';
