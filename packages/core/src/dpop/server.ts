/**
 * `@jwt-guard/core/dpop`: DPoP proofs (RFC 9449) checked by a server outside a resource
 * request, as an authorization server checks them at its token endpoint (§5): the options
 * resolved once, the proof verifier, and the server nonces (§8, §9). `@jwt-guard/issuer`
 * builds on it.
 */
export type { DpopNonces } from './nonces.js';
export { createDpopNonces } from './nonces.js';
export type { ResolvedDpop } from './options.js';
export { resolveDpopOptions } from './options.js';
export type { DpopProofInput, DpopProofPaths, VerifiedDpopProof } from './proof-verifier.js';
export { createDpopProofVerifier } from './proof-verifier.js';
