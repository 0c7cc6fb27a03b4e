/** What the issuer reports to `onEvent`: key-ring changes and schedule failures. */

/** One issuer event. None carries a token, a claim value or key material. */
export type IssuerEvent =
  | {
      /** The ring moved one step; `kid` is the new current key. */
      readonly type: 'key-rotated';
      /** The new current key. */
      readonly kid: string;
    }
  | {
      /**
       * The ring moved one step before the next key had been published for
       * `keys.publishAhead`: verifiers that cached the key set earlier may refuse tokens
       * of the new key until they refetch.
       */
      readonly type: 'key-rotated-early';
      /** The new current key. */
      readonly kid: string;
      /** How long it had been published before it signed, ms. */
      readonly publishedForMs: number;
    }
  | {
      /** The rotation schedule could not reach the store; it tries again on its next tick. */
      readonly type: 'key-rotation-failed';
      /** What the store answered (a `StoreError`, typically). */
      readonly error: unknown;
    }
  | {
      /**
       * A rotated refresh token was presented again outside the reuse grace (RFC 9700
       * §4.14.2): the family and its access tokens are revoked. Carries no token.
       */
      readonly type: 'refresh-reuse-detected';
      /** The family revoked. */
      readonly familyId: string;
      /** The family's generation when the reuse was seen. */
      readonly generation: number;
    };

/** Receives {@link IssuerEvent}s. A listener that throws is ignored. */
export type IssuerEventListener = (event: IssuerEvent) => void;

/** Calls `listener` without letting its failure reach the issuer. */
export function emitIssuerEvent(listener: IssuerEventListener | undefined, event: IssuerEvent) {
  try {
    listener?.(event);
  } catch {
    // An observer must never break issuing.
  }
}
