/**
 * The one error a shared store raises: its backend could not answer, or it was asked for
 * an atomic operation its backend cannot provide.
 */

/**
 * Why a store refused, with a fixed message per code. Codes are public API.
 *
 * @example
 * ```ts
 * const message = STORE_ERROR_MESSAGES.ERR_STORE_UNAVAILABLE;
 * ```
 */
export const STORE_ERROR_MESSAGES = {
  ERR_STORE_UNAVAILABLE: 'The shared store is unavailable',
  ERR_STORE_NOT_ATOMIC: 'This store cannot set a key only if absent atomically',
} as const;

/** A stable store error code, one of the keys of {@link STORE_ERROR_MESSAGES}. */
export type StoreErrorCode = keyof typeof STORE_ERROR_MESSAGES;

/**
 * Raised (as a rejection) by every {@link SharedStore} implementation. It is not an answer
 * to a request: the code that uses the store maps it to its own failure (a 503 for a replay
 * or deny check, a fall-back to local state for a cache). The backend's own error is kept
 * as `cause`; keys and values never reach the message.
 *
 * @example
 * ```ts
 * try { await store.get('k'); }
 * catch (error) { if (error instanceof StoreError && error.code === 'ERR_STORE_UNAVAILABLE') useLocal(); }
 * ```
 */
export class StoreError extends Error {
  /** The stable code of this failure. */
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, options: { readonly cause?: unknown } = {}) {
    super(STORE_ERROR_MESSAGES[code], 'cause' in options ? { cause: options.cause } : undefined);
    this.code = code;
    this.name = new.target.name;
  }
}
