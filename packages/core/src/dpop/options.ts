/**
 * The DPoP options (RFC 9449), validated once at start-up: every mistake is a `TypeError`
 * naming the option, never a per-request failure.
 */
import { isAsymmetricAlgorithm } from '../algorithms.js';
import { DEFAULT_CLOCK_TOLERANCE } from '../defaults.js';
import { optionError } from '../options/option-error.js';
import { createDpopNonces, type DpopNonces } from './nonces.js';
import { createMemoryReplayStore, type ReplayStore } from './replay-store.js';

/**
 * Proof algorithms accepted by default: the asymmetric ones jose verifies on every runtime.
 *
 * @example
 * ```ts
 * resolveDpopOptions({ algorithms: DEFAULT_DPOP_ALGORITHMS.filter((a) => a.startsWith('ES')) });
 * ```
 */
export const DEFAULT_DPOP_ALGORITHMS: readonly string[] = Object.freeze([
  'ES256',
  'ES384',
  'ES512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
]);

/**
 * How DPoP proofs (RFC 9449) are checked.
 *
 * @example
 * ```ts
 * const options: DpopOptions = { algorithms: ['ES256', 'EdDSA'], nonce: true, replayStore };
 * ```
 */
export interface DpopOptions {
  /** Accept DPoP-bound requests only: a Bearer token is refused. Default false. */
  readonly required?: boolean;
  /**
   * Proof algorithms (RFC 9449 §4.3 check 5). Default {@link DEFAULT_DPOP_ALGORITHMS}.
   * Asymmetric only: `none` and `HS*` are refused, since a proof is signed by the client's
   * own key pair.
   */
  readonly algorithms?: readonly string[];
  /** Seconds a proof stays acceptable after its `iat` (RFC 9449 §11.1). Default 60. */
  readonly iatWindow?: number;
  /** Seconds a proof's `iat` may lie in the future, for clock skew. Default 5. */
  readonly clockTolerance?: number;
  /**
   * Where the `jti` of accepted proofs is remembered (RFC 9449 §11.1). Default a
   * {@link createMemoryReplayStore} of this process; share one store between processes.
   */
  readonly replayStore?: ReplayStore;
  /**
   * Server nonces (RFC 9449 §8): `true` for {@link createDpopNonces} with its defaults, or a
   * `DpopNonces` of your own. Then every proof must carry a fresh `nonce` of ours. Default off.
   */
  readonly nonce?: boolean | DpopNonces;
}

/**
 * DPoP options after validation, with defaults filled in; what the proof verifier uses.
 *
 * @example
 * ```ts
 * const { algorithms, required }: ResolvedDpop = resolveDpopOptions({ required: true });
 * ```
 */
export interface ResolvedDpop {
  readonly required: boolean;
  readonly algorithms: readonly string[];
  /** Seconds. */
  readonly iatWindow: number;
  /** Seconds. */
  readonly clockTolerance: number;
  readonly replayStore: ReplayStore;
  /** `undefined` when nonces are off. */
  readonly nonces: DpopNonces | undefined;
}

const KNOWN = new Set([
  'required',
  'algorithms',
  'iatWindow',
  'clockTolerance',
  'replayStore',
  'nonce',
]);

function seconds(value: unknown, option: string, fallback: number, zero: boolean): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!zero && value === 0)) {
    throw optionError(option, `must be a ${zero ? 'non-negative' : 'positive'}, finite number`);
  }
  return value;
}

function algorithmList(value: unknown, path: string): readonly string[] {
  if (value === undefined) return DEFAULT_DPOP_ALGORITHMS;
  if (!Array.isArray(value) || value.length === 0) {
    throw optionError(`${path}.algorithms`, 'must be a non-empty array of algorithm names');
  }
  for (const alg of value) {
    // RFC 9449 §4.3 check 5: not `none`, not a symmetric (MAC) algorithm.
    if (typeof alg !== 'string' || !isAsymmetricAlgorithm(alg)) {
      throw optionError(`${path}.algorithms`, 'must name asymmetric JWS algorithms only');
    }
  }
  return Object.freeze([...new Set<string>(value)]);
}

function replayStoreOf(value: unknown, path: string): ReplayStore {
  if (value === undefined) return createMemoryReplayStore();
  const store = value as Partial<ReplayStore> | null;
  if (typeof store !== 'object' || store === null || typeof store.checkAndSet !== 'function') {
    throw optionError(`${path}.replayStore`, 'must have a checkAndSet(key, expiresAtMs) method');
  }
  return store as ReplayStore;
}

function noncesOf(value: unknown, path: string): DpopNonces | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return createDpopNonces();
  const nonces = value as Partial<DpopNonces> | null;
  if (
    typeof nonces !== 'object' ||
    nonces === null ||
    typeof nonces.issue !== 'function' ||
    typeof nonces.accepts !== 'function'
  ) {
    throw optionError(`${path}.nonce`, 'must be a boolean or have issue() and accepts() methods');
  }
  return nonces as DpopNonces;
}

/**
 * Validates DPoP options and fills in defaults. Throws a `TypeError` naming the option
 * (`dpop`, `dpop.algorithms`, `dpop.iatWindow`, …) for a non-object, an unknown option (a
 * misspelt `nonce` must not silently turn nonces off), a symmetric or unknown algorithm, a
 * window that is not a positive number, a negative tolerance, a store without
 * `checkAndSet`, or a `nonce` that is neither a boolean nor a `DpopNonces`. `path` is where
 * the options were given (`binding.dpop` in `jwtAuth`'s options).
 *
 * @example
 * ```ts
 * const dpop = resolveDpopOptions({ nonce: true, iatWindow: 30 });
 * const verifyProof = createDpopProofVerifier(dpop);
 * ```
 */
export function resolveDpopOptions(options: unknown, path = 'dpop'): ResolvedDpop {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw optionError(path, 'must be an object');
  }
  for (const name of Object.keys(options)) {
    if (!KNOWN.has(name)) throw optionError(`${path}.${name}`, 'is not a DPoP option');
  }
  const given = options as Record<keyof DpopOptions, unknown>;
  if (given.required !== undefined && typeof given.required !== 'boolean') {
    throw optionError(`${path}.required`, 'must be a boolean');
  }
  return Object.freeze({
    required: given.required === true,
    algorithms: algorithmList(given.algorithms, path),
    iatWindow: seconds(given.iatWindow, `${path}.iatWindow`, 60, false),
    clockTolerance: seconds(
      given.clockTolerance,
      `${path}.clockTolerance`,
      DEFAULT_CLOCK_TOLERANCE,
      true,
    ),
    replayStore: replayStoreOf(given.replayStore, path),
    nonces: noncesOf(given.nonce, path),
  });
}
