export {
  type ClientCertificateOptions,
  createCertificateAuthority,
  createClientCertificate,
  createServerCertificate,
  type TestCertificate,
  type TestCertificateAuthority,
} from './certificates.js';
export type { DpopKey, DpopProofOptions } from './dpop.js';
export { createDpopProof, generateDpopKey } from './dpop.js';
export type {
  EncryptionAlgorithm,
  EncryptionKey,
  EncryptionKeyOptions,
  EncryptTokenOptions,
} from './encrypt-token.js';
export { encryptToken, generateEncryptionKey } from './encrypt-token.js';
export type { TestAlgorithm, TestKey, TestKeyOptions } from './keys.js';
export { generateTestKey } from './keys.js';
export type { MintOptions } from './mint-token.js';
export type { RedisServer } from './redis-server.js';
export { findRedisServer, freePort, startRedisServer } from './redis-server.js';
export { signRaw } from './sign-raw.js';
export type { RotateOptions, TestIssuer, TestIssuerOptions } from './test-issuer.js';
export { createTestIssuer } from './test-issuer.js';
export type { TestIssuers } from './test-issuers.js';
export { createTestIssuers } from './test-issuers.js';
