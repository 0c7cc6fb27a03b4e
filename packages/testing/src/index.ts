export type { TestAlgorithm, TestKey, TestKeyOptions } from './keys.js';
export { generateTestKey } from './keys.js';
export type { MintOptions } from './mint-token.js';
export { signRaw } from './sign-raw.js';
export type { RotateOptions, TestIssuer, TestIssuerOptions } from './test-issuer.js';
export { createTestIssuer } from './test-issuer.js';
