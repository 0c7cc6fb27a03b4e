/**
 * A verifier-wide count of key-set changes. Every key source a verifier builds moves it
 * when the keys it holds change, so whatever was decided from those keys (a cached
 * verification's key still held, an unknown `kid` still unknown) stays true while the
 * count stands and needs no asking again: one integer compared instead of a call into the
 * issuer's key source, whose cost grew with the number of issuers (issue 24 item 4).
 */

/** The count, and the one way to move it. */
export interface KeySetGeneration {
  /** Moves on every change; compare it with the value an answer was given under. */
  readonly value: number;
  /** Records a change of some issuer's keys: a new set, or a key gone. */
  changed(): void;
}

/**
 * Creates the count of one verifier, at 0.
 *
 * @example
 * ```ts
 * const generation = createKeySetGeneration();
 * const seen = generation.value;
 * generation.changed(); // generation.value !== seen
 * ```
 */
export function createKeySetGeneration(): KeySetGeneration {
  let value = 0;
  return {
    get value() {
      return value;
    },
    changed() {
      value += 1;
    },
  };
}
