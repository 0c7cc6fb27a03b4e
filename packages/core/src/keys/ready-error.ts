/**
 * Why `verifier.ready()` failed, as a code a start-up script can act on: an issuer that
 * cannot be reached now (retry) is told from a configuration that can never work (stop
 * and fix it). Requests are answered 503 either way; only start-up can tell them apart.
 */
import { IssuerMetadataError } from './discovery.js';
import { FetchJsonError } from './fetch-json.js';
import { KeySetError } from './key-set.js';

/** The codes of {@link NotReadyError}. */
export type NotReadyCode = 'ERR_KEYS_UNAVAILABLE' | 'ERR_KEYS_MISCONFIGURED';

/**
 * The rejection of `verifier.ready()`. `code` is `ERR_KEYS_UNAVAILABLE` when the issuer
 * could not be reached or answered a transient failure (a timeout, a 5xx, 408, 429): worth
 * retrying. It is `ERR_KEYS_MISCONFIGURED` when the issuer answered and the answer cannot
 * serve (a 404, metadata naming another issuer, a key set without a usable key): retrying
 * will not help. The message names the issuer and the first-hand reason; `cause` keeps it.
 *
 * @example
 * ```ts
 * try { await verifier.ready(); }
 * catch (error) {
 *   if (error instanceof NotReadyError && error.code === 'ERR_KEYS_UNAVAILABLE') scheduleRetry();
 *   else throw error;
 * }
 * ```
 */
export class NotReadyError extends Error {
  override readonly name = 'NotReadyError';
  readonly code: NotReadyCode;
  /** The issuer whose keys could not be loaded. */
  readonly issuer: string;
  constructor(issuer: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : 'no usable key';
    super(`jwt-guard: the keys of ${issuer} cannot be had: ${reason}`, { cause });
    this.issuer = issuer;
    this.code = isTransient(cause) ? 'ERR_KEYS_UNAVAILABLE' : 'ERR_KEYS_MISCONFIGURED';
  }
}

// RFC 9110 §15.5.9 (408) and RFC 6585 §4 (429) ask the client to come back later.
const RETRY_STATUSES = new Set([408, 429]);

function isTransient(cause: unknown): boolean {
  if (cause instanceof FetchJsonError) {
    const { status } = cause;
    // No status: no answer at all (refused, timed out, cut off), or a body that is no JSON,
    // which a proxy in front of an issuer that is down sends as often as anything.
    return status === undefined || status >= 500 || RETRY_STATUSES.has(status);
  }
  if (cause instanceof IssuerMetadataError) {
    // Not `unavailable`: a document came and cannot serve (another issuer, no jwks_uri).
    return cause.unavailable && isTransient(cause.cause);
  }
  // A key set that holds no usable key is the issuer's answer, not an outage.
  if (cause instanceof KeySetError) return false;
  // Anything else (a custom fetch that threw, the backoff before a retry) may pass.
  return true;
}
