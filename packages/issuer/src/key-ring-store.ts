/**
 * The key ring in the store: made once (by compare-and-set, so a fleet agrees on one
 * ring), cached per instance and re-read every `refreshEveryMs`, and stepped only by
 * compare-and-set, so that of instances racing to rotate exactly one wins.
 */
import { type AtomicSharedStore, StoreError } from '@jwt-guard/core/store';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import {
  createRing,
  currentKey,
  isRotationDue,
  type KeyRing,
  parseRing,
  publishedKeys,
  type RingKey,
  rotateRing,
} from './key-ring.js';
import { deriveSealKey, openPrivateJwk, sealPrivateJwk } from './key-seal.js';
import type { SigningAlgorithm } from './keys-options.js';
import { createSigner, type TokenSigner } from './sign.js';

/** The store key of the ring document. */
export const RING_KEY = 'keys:ring';

/** What a rotation did. */
export interface RotationResult {
  /** True when this call moved the ring; false when another instance moved it first. */
  readonly rotated: boolean;
  /** The current key after the call. */
  readonly kid: string;
  /** How long the new current key had been published before it signed (when rotated). */
  readonly publishedForMs?: number;
}

/** The signing keys of an issuer: the ring here, or keys managed elsewhere. */
export interface SigningKeys {
  /** The signer of the current key. */
  signer(): Promise<TokenSigner>;
  /** The public keys to publish (RFC 7517 key set). */
  jwks(): Promise<{ keys: JWK[] }>;
  /** One step of the ring, from its state in the store. */
  rotate(): Promise<RotationResult>;
  /** Steps the ring when the current key is older than `rotateEvery`. */
  rotateIfDue(): Promise<RotationResult | undefined>;
}

/** What the ring needs. */
export interface KeyRingStoreOptions {
  readonly store: AtomicSharedStore;
  readonly algorithm: SigningAlgorithm;
  readonly secret: Uint8Array;
  readonly rotateEveryMs: number;
  readonly refreshEveryMs: number;
  /** How long a retiring key stays published: the longest token life plus clock skew. */
  readonly retireForMs: number;
  readonly now: () => number;
}

/** What one ring keeps between calls; `cached` is its one changing part. */
interface RingState {
  readonly options: KeyRingStoreOptions;
  readonly sealKey: Promise<Uint8Array>;
  /** One opened signer per key id, opened on first use. */
  readonly signers: Map<string, Promise<TokenSigner>>;
  readonly ttlMs: number;
  cached: { text: string; ring: KeyRing; readAt: number } | undefined;
}

/**
 * A ring kept in `options.store`.
 *
 * @example
 * ```ts
 * const keys = createKeyRingStore({ store, algorithm: 'ES256', secret, ... });
 * const signer = await keys.signer();
 * ```
 */
export function createKeyRingStore(options: KeyRingStoreOptions): SigningKeys {
  const state: RingState = {
    options,
    sealKey: deriveSealKey(options.secret),
    signers: new Map(),
    // Long enough to outlive every pause between rotations; each step writes it anew.
    ttlMs: Math.max(2 * options.rotateEveryMs, 365 * 86_400_000),
    cached: undefined,
  };
  return {
    signer() {
      // The per-request path: a fresh cache and an opened key answer without a store read.
      const { cached } = state;
      const fresh = cached && options.now() - cached.readAt < options.refreshEveryMs;
      const ready = fresh ? state.signers.get(currentKey(cached!.ring).kid) : undefined;
      return ready ?? openSigner(state);
    },
    jwks: () => publishedJwks(state),
    rotate: async () => (await step(state, false))!,
    rotateIfDue: () => step(state, true),
  };
}

/** A new key for the ring, its private half sealed under the secret. */
async function makeKey(state: RingState): Promise<RingKey> {
  const { options } = state;
  const kid = crypto.randomUUID();
  const { publicKey, privateKey } = await generateKeyPair(options.algorithm, {
    extractable: true,
  });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: options.algorithm, use: 'sig' };
  const sealedPrivateJwk = await sealPrivateJwk(
    await exportJWK(privateKey),
    kid,
    await state.sealKey,
  );
  return {
    kid,
    alg: options.algorithm,
    state: 'next',
    createdAt: options.now(),
    publicJwk,
    sealedPrivateJwk,
  };
}

/** Reads the ring from the store, making it (by compare-and-set) when there is none. */
async function read(state: RingState): Promise<{ text: string; ring: KeyRing }> {
  const { options } = state;
  // Two tries: the only way to lose the first is another instance making the ring.
  for (let attempt = 0; ; attempt += 1) {
    const text = await options.store.get(RING_KEY);
    const ring = text === undefined ? undefined : parseRing(text);
    if (text !== undefined && ring) {
      state.cached = { text, ring, readAt: options.now() };
      return state.cached;
    }
    // A ring this instance holds but the store lost (an LRU eviction, a flushed Redis) is
    // written back, not replaced: a new ring would unpublish the keys live tokens carry
    // and sign with a key no verifier has seen published.
    const fresh =
      state.cached?.ring ?? createRing(await makeKey(state), await makeKey(state), options.now());
    const json = state.cached?.text ?? JSON.stringify(fresh);
    // A lost race means another instance made the ring: read theirs.
    if (await options.store.compareAndSet(RING_KEY, text, json, state.ttlMs)) {
      state.cached = { text: json, ring: fresh, readAt: options.now() };
      return state.cached;
    }
    if (attempt > 0) throw new StoreError('ERR_STORE_UNAVAILABLE');
  }
}

/** The cached ring while it is younger than `refreshEveryMs`, else a fresh read. */
async function load(state: RingState): Promise<{ text: string; ring: KeyRing }> {
  const { cached, options } = state;
  return cached && options.now() - cached.readAt < options.refreshEveryMs ? cached : read(state);
}

/** One step of the ring by compare-and-set; a lost race reports the winner's current key. */
async function step(state: RingState, onlyIfDue: boolean): Promise<RotationResult | undefined> {
  const { options } = state;
  const { text, ring } = await read(state);
  if (onlyIfDue && !isRotationDue(ring, options.now(), options.rotateEveryMs)) return undefined;
  const next = rotateRing(ring, await makeKey(state), options.now(), options.retireForMs);
  const json = JSON.stringify(next.ring);
  if (await options.store.compareAndSet(RING_KEY, text, json, state.ttlMs)) {
    state.cached = { text: json, ring: next.ring, readAt: options.now() };
    return { rotated: true, kid: next.kid, publishedForMs: next.publishedForMs };
  }
  return { rotated: false, kid: currentKey((await read(state)).ring).kid };
}

/** The signer of the current key, opened once per key id (a failed opening is retried). */
async function openSigner(state: RingState): Promise<TokenSigner> {
  const key = currentKey((await load(state)).ring);
  let signer = state.signers.get(key.kid);
  if (!signer) {
    signer = openPrivateJwk(key.sealedPrivateJwk, key.kid, await state.sealKey).then((jwk) =>
      createSigner(key.alg, jwk, key.kid),
    );
    signer.catch(() => state.signers.delete(key.kid));
    state.signers.set(key.kid, signer);
  }
  return signer;
}

/** The published keys' public halves; signers of keys no longer published are dropped. */
async function publishedJwks(state: RingState): Promise<{ keys: JWK[] }> {
  const { ring } = await load(state);
  const live = new Set(publishedKeys(ring, state.options.now()).map((key) => key.kid));
  for (const kid of state.signers.keys()) if (!live.has(kid)) state.signers.delete(kid);
  return {
    keys: [...live].map((kid) => ({ ...ring.keys.find((k) => k.kid === kid)!.publicJwk })),
  };
}
