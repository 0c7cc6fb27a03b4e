/**
 * The DPoP proof check of RFC 9449 §4.3, in order of cost: the proof's shape and header,
 * then its signature by the key it carries, then its claims and nonce, and last the replay
 * store, so that only a proof valid in every other respect uses up its `jti`.
 */
import type { ProtectedHeaderParameters } from 'jose';
import { createError } from '../errors/jwt-guard-error.js';
import { rememberVerdicts } from '../signature/node/header-verdicts.js';
import { loadNodeCrypto, type NodeCrypto, type NodeHash } from '../signature/node/node-crypto.js';
import { isCanonicalCompactJws } from '../token/compact-token.js';
import { normalizeHtu } from './htu.js';
import type { ResolvedDpop } from './options.js';
import { accessTokenHash, checkProofClaims, type ProofClaimHelpers } from './proof-claims.js';
import { invalidProof } from './proof-error.js';
import { createProofHeaderReader } from './proof-header.js';
import { createProofKeyCache, PROOF_KEYS_HELD } from './proof-key-cache.js';
import { joseProofSignature, type ProofSignatureCheck } from './proof-signature.js';
import { createNodeProofSignature } from './proof-signature-node.js';

/**
 * One request's proof and what it must match.
 *
 * @example
 * ```ts
 * const input: DpopProofInput = { proof, method: 'GET', url: 'https://api.example.com/me', accessToken, nowMs: Date.now() };
 * ```
 */
export interface DpopProofInput {
  /** The `DPoP` header value: exactly one (the caller refuses none or several). */
  readonly proof: string;
  /** The request method, as received (compared case-sensitively with `htm`). */
  readonly method: string;
  /** The request URI as the client sees it: absolute, `scheme://host[:port]/path?query`. */
  readonly url: string;
  /** The access token presented with the proof; then `ath` must be its SHA-256 hash. */
  readonly accessToken?: string;
  /** The current time in milliseconds since the epoch. */
  readonly nowMs: number;
}

/**
 * What an accepted proof establishes.
 *
 * @example
 * ```ts
 * const { jkt }: VerifiedDpopProof = await verifyProof(input);
 * ```
 */
export interface VerifiedDpopProof {
  /** RFC 7638 thumbprint (SHA-256, base64url) of the proof's `jwk`: compare with `cnf.jkt`. */
  readonly jkt: string;
  readonly jti: string;
  /** The proof's `iat`, in seconds. */
  readonly iat: number;
}

/**
 * Which code checks proofs. Both paths accept and refuse the same proofs; tests run both.
 *
 * @example
 * ```ts
 * const verifyProof = createDpopProofVerifier(resolveDpopOptions({}), { nodeCrypto: false });
 * ```
 */
export interface DpopProofPaths {
  /**
   * On Node, check proof signatures (and hash the access token for `ath`) with
   * `node:crypto`, synchronously; `false` keeps jose's WebCrypto path. Other runtimes
   * always use WebCrypto. Default `true`.
   */
  readonly nodeCrypto?: boolean;
}

// A proof holds a public key, a few claims and a URI without query: a few kilobytes at most.
// Anything larger is refused before it is decoded.
const MAX_PROOF_LENGTH = 8_192;

// RFC 9449 §4.3 checks 2-7, before any signature work: one compact JWS of bounded size in
// its one spelling, with an acceptable protected header, which is returned.
function readProof(
  proof: unknown,
  readHeader: ReturnType<typeof createProofHeaderReader>,
): ProtectedHeaderParameters {
  if (typeof proof !== 'string' || proof.length > MAX_PROOF_LENGTH) {
    throw invalidProof('malformed', 'not a compact JWS of acceptable size');
  }
  if (!isCanonicalCompactJws(proof)) throw invalidProof('malformed', 'not a compact JWS');
  return readHeader(proof.slice(0, proof.indexOf('.')));
}

// On Node, node:crypto checks the signature and hashes the access token synchronously;
// elsewhere (or with `nodeCrypto: false`) jose and WebCrypto do.
function signaturePath(
  nodeCrypto: (NodeCrypto & NodeHash) | undefined,
  allowed: ReadonlySet<string>,
): { checkSignature: ProofSignatureCheck; helpers: ProofClaimHelpers } {
  // A proof's `htu` and the request URL repeat from request to request: normalised once.
  const normalize = rememberVerdicts(normalizeHtu);
  if (nodeCrypto === undefined) {
    return {
      checkSignature: joseProofSignature,
      helpers: { normalizeHtu: normalize, hashToken: accessTokenHash },
    };
  }
  return {
    checkSignature: createNodeProofSignature(nodeCrypto, allowed, joseProofSignature),
    helpers: {
      normalizeHtu: normalize,
      hashToken: (token) => nodeCrypto.createHash('sha256').update(token).digest('base64url'),
    },
  };
}

/**
 * Prepares the proof check once, for every later request. The function it returns resolves
 * to the proof's key thumbprint, `jti` and `iat`, or rejects with `ERR_DPOP_PROOF_INVALID`
 * (any failed rule, a replay included) or `ERR_DPOP_NONCE_REQUIRED` (nonces on, and the proof
 * is otherwise valid but carries no nonce, or one that is stale or not ours). Binding the
 * proof to the token (`cnf.jkt` equal to `jkt`) is the caller's step.
 *
 * @example
 * ```ts
 * const verifyProof = createDpopProofVerifier(resolveDpopOptions({}));
 * const { jkt } = await verifyProof({
 *   proof: request.headers.get('dpop') ?? '',
 *   method: request.method,
 *   url: request.url,
 *   accessToken,
 *   nowMs: Date.now(),
 * });
 * if (claims.cnf?.jkt !== jkt) throw new Error('token not bound to this key');
 * ```
 */
export function createDpopProofVerifier(
  resolved: ResolvedDpop,
  paths: DpopProofPaths = {},
): (input: DpopProofInput) => Promise<VerifiedDpopProof> {
  const { replayStore, nonces, iatWindow, clockTolerance } = resolved;
  const allowed = new Set(resolved.algorithms);
  const algorithms = [...resolved.algorithms];
  const readHeader = createProofHeaderReader(allowed);
  const { checkSignature, helpers } = signaturePath(
    paths.nodeCrypto === false ? undefined : loadNodeCrypto(),
    allowed,
  );
  // The replay entry must outlive every moment at which the proof could still be accepted.
  const rememberMs = (iatWindow + clockTolerance) * 1000;
  // A client signs its proofs with one key: imported and hashed once, not per request.
  const keys = createProofKeyCache(PROOF_KEYS_HELD);
  const time = { iatWindow, clockTolerance };

  return async (input) => {
    const { proof, nowMs } = input;
    const header = readProof(proof, readHeader);
    const rules = { algorithms, nowMs, clockTolerance };
    const { payload, jwk } = await checkSignature(proof, header, rules, keys);
    const { jti, iat } = await checkProofClaims(payload, input, time, helpers);
    if (nonces !== undefined) await assertNonce(nonces, payload.nonce, nowMs);

    const jkt = await keys.thumbprintOf(jwk);
    // The thumbprint scopes the `jti`: two clients choosing the same `jti` do not collide.
    let fresh: boolean;
    try {
      fresh = await replayStore.checkAndSet(`${jkt}:${jti}`, iat * 1000 + rememberMs);
    } catch (error) {
      // Fail closed: a proof that cannot be shown to be new is not accepted. The store is
      // down, not the proof bad: 503, as for keys that cannot be had.
      throw createError('ERR_REPLAY_CHECK_UNAVAILABLE', { cause: error });
    }
    if (fresh !== true) throw invalidProof('replay', 'jti was already used (a replay)');
    return Object.freeze({ jkt, jti, iat });
  };
}

// RFC 9449 §8: a proof without a nonce of ours is answered with `use_dpop_nonce`, and the
// caller sends a fresh nonce with it.
async function assertNonce(
  nonces: NonNullable<ResolvedDpop['nonces']>,
  nonce: unknown,
  nowMs: number,
): Promise<void> {
  let accepted = false;
  if (typeof nonce === 'string') {
    try {
      accepted = (await nonces.accepts(nonce, nowMs)) === true;
    } catch (error) {
      throw createError('ERR_DPOP_NONCE_REQUIRED', { dpopReason: 'nonce', cause: error });
    }
  }
  if (!accepted) throw createError('ERR_DPOP_NONCE_REQUIRED', { dpopReason: 'nonce' });
}
