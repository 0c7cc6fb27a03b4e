export type { TestAlgorithm, TestKey } from './keys.js';
export { generateTestKey } from './keys.js';
export { signRaw } from './sign-raw.js';
export type { MintOptions, TestIssuer, TestIssuerOptions } from './test-issuer.js';
export { createTestIssuer } from './test-issuer.js';
