/** DPoP (RFC 9449): proof verification, replay stores, server nonces and `htu` normalization. */
export { normalizeHtu } from './htu.js';
export type { DpopNonces, DpopNoncesOptions } from './nonces.js';
export { createDpopNonces, DPOP_NONCE_HEADER } from './nonces.js';
export type { DpopOptions, ResolvedDpop } from './options.js';
export { DEFAULT_DPOP_ALGORITHMS, resolveDpopOptions } from './options.js';
export type { DpopProofInput, DpopProofPaths, VerifiedDpopProof } from './proof-verifier.js';
export { createDpopProofVerifier } from './proof-verifier.js';
export type { MemoryReplayStoreOptions, ReplayStore } from './replay-store.js';
export { createMemoryReplayStore } from './replay-store.js';
