/**
 * The key ring's states and pure transitions: next → current → retiring → dropped.
 * Nothing here reads a clock or the store; callers pass `now` and freshly made keys.
 */
import type { JWK } from 'jose';
import type { SigningAlgorithm } from './keys-options.js';

/** Where a key is in its life. */
export type KeyState = 'next' | 'current' | 'retiring';

/** One key of the ring, as stored (its private half sealed). */
export interface RingKey {
  /** A random UUID: the `kid` of its tokens and of its JWK. */
  readonly kid: string;
  /** The one algorithm it signs with (RFC 8725 §3.1). */
  readonly alg: SigningAlgorithm;
  /** Where it is in its life. */
  readonly state: KeyState;
  /** When it was made, and so first published (ms). */
  readonly createdAt: number;
  /** When it started signing. */
  readonly activatedAt?: number;
  /** When it stopped signing. */
  readonly retiredAt?: number;
  /** Until when it stays published: the last token it signed has expired by then. */
  readonly publishUntil?: number;
  /** The public JWK, published with `kid`, `alg` and `use: 'sig'`. */
  readonly publicJwk: JWK;
  /** The private JWK as a compact JWE (see key-seal.ts). */
  readonly sealedPrivateJwk: string;
}

/** The ring document, stored under `keys:ring`. */
export interface KeyRing {
  /** The document's format version. */
  readonly v: 1;
  /** Retiring keys first, then the current one, then the next one. */
  readonly keys: readonly RingKey[];
}

/**
 * A new ring: `current` signs now and `next` is published from now on, so that the first
 * rotation can already hand over to a key verifiers have seen.
 */
export function createRing(current: RingKey, next: RingKey, now: number): KeyRing {
  return {
    v: 1,
    keys: [
      { ...current, state: 'current', activatedAt: now },
      { ...next, state: 'next' },
    ],
  };
}

/** The key that signs. */
export function currentKey(ring: KeyRing): RingKey {
  const key = ring.keys.find((entry) => entry.state === 'current');
  if (!key) throw new TypeError('jwt-guard: the key ring has no current key');
  return key;
}

/** The published key that signs from the next step on. */
export function nextKey(ring: KeyRing): RingKey | undefined {
  return ring.keys.find((entry) => entry.state === 'next');
}

/** The keys to publish at `now`: next, current, and retiring ones still within `publishUntil`. */
export function publishedKeys(ring: KeyRing, now: number): readonly RingKey[] {
  return ring.keys.filter((key) => key.state !== 'retiring' || (key.publishUntil ?? 0) > now);
}

/** True when the current key has signed for `rotateEveryMs` (or more). */
export function isRotationDue(ring: KeyRing, now: number, rotateEveryMs: number): boolean {
  const current = currentKey(ring);
  return now - (current.activatedAt ?? current.createdAt) >= rotateEveryMs;
}

/** The outcome of one step. */
export interface RingStep {
  /** The ring after the step. */
  readonly ring: KeyRing;
  /** The new current key. */
  readonly kid: string;
  /** How long the new current key had been published before it started signing. */
  readonly publishedForMs: number;
}

/**
 * One step: next → current, current → retiring (published for `retireForMs` more, the
 * longest a token it signed can still be valid), `fresh` becomes the next key, and
 * retiring keys past their `publishUntil` are dropped.
 */
export function rotateRing(
  ring: KeyRing,
  fresh: RingKey,
  now: number,
  retireForMs: number,
): RingStep {
  const next = nextKey(ring);
  if (!next) throw new TypeError('jwt-guard: the key ring has no next key');
  const keys: RingKey[] = [];
  for (const key of publishedKeys(ring, now)) {
    if (key.state === 'next') keys.push({ ...key, state: 'current', activatedAt: now });
    else if (key.state === 'current') {
      keys.push({ ...key, state: 'retiring', retiredAt: now, publishUntil: now + retireForMs });
    } else keys.push(key);
  }
  keys.push({ ...fresh, state: 'next', createdAt: now });
  return { ring: { v: 1, keys }, kid: next.kid, publishedForMs: now - next.createdAt };
}

/** Reads a stored ring, or undefined when the text is not one (then it is made anew). */
export function parseRing(text: string): KeyRing | undefined {
  try {
    const ring = JSON.parse(text) as KeyRing;
    return ring?.v === 1 && Array.isArray(ring.keys) && ring.keys.some((k) => k.state === 'current')
      ? ring
      : undefined;
  } catch {
    return undefined;
  }
}
