/** Encrypted tokens (JWE, RFC 7516; nested JWT, RFC 7519 §5.2): options, and the decrypter. */
export {
  DEFAULT_CONTENT_ENCRYPTION_ALGORITHMS,
  DEFAULT_KEY_MANAGEMENT_ALGORITHMS,
} from './algorithms.js';
export type { DecryptionKeyInput } from './decryption-key.js';
export { isCompactJwe } from './jwe-header.js';
export type { DecryptionKeyMaterial } from './key-material.js';
export type { DecryptionOptions, ResolvedDecryption } from './resolve-decryption.js';
export { resolveDecryption } from './resolve-decryption.js';
export { MAX_KEYS_WITHOUT_KID } from './select-keys.js';
export type { TokenDecrypter } from './token-decrypter.js';
export { createTokenDecrypter } from './token-decrypter.js';
