/**
 * What the middleware does, told to the application as it happens: key sets fetched,
 * failing, served stale or not refetched because of the cooldown; tokens accepted (from
 * the cache or after full verification) or refused (by code); issuers resolved or refused.
 * Events never carry a token, a claim value from a refused token, or a secret.
 *
 * With no listener nothing is built: every emit point is `emit?.({ … })`, and an optional
 * call does not evaluate its argument when there is no function to call.
 */
import type { ErrorCode } from './errors/codes.js';
import { JwtGuardError } from './errors/jwt-guard-error.js';

/** One event. Match on `type`. */
export type JwtGuardEvent =
  | { readonly type: 'keys-fetch-started'; readonly issuer: string }
  | {
      readonly type: 'keys-fetched';
      readonly issuer: string;
      /** Usable keys in the new set. */
      readonly keys: number;
      /** The set came from the shared store (another instance fetched it). */
      readonly fromStore: boolean;
      /** From the start of the attempt (discovery included), in milliseconds. */
      readonly durationMs: number;
    }
  | {
      readonly type: 'keys-failed';
      readonly issuer: string;
      /** Why: the URL and status, a mismatched issuer, a set without usable keys. */
      readonly reason: string;
      readonly durationMs: number;
    }
  | { readonly type: 'keys-stale'; readonly issuer: string }
  | { readonly type: 'keys-refetch-skipped'; readonly issuer: string }
  | {
      readonly type: 'token-accepted';
      readonly issuer: string;
      /** Answered from the verified-token cache. */
      readonly cached: boolean;
      /** Full verifications only: how long it took, in milliseconds (key fetch included). */
      readonly durationMs?: number;
    }
  | {
      readonly type: 'token-refused';
      readonly code: ErrorCode;
      readonly status: number;
      /** For a 5xx: the cause's message (a URL and status, say); never for a 4xx. */
      readonly reason?: string;
    }
  | { readonly type: 'issuer-resolved'; readonly issuer: string }
  | { readonly type: 'issuer-refused' };

/** A listener. It must not throw; if it does, the throw is dropped. */
export type EventListener = (event: JwtGuardEvent) => void;

/**
 * A listener that drops what the application's listener throws: an event must never change
 * an answer. `undefined` when there is none, so emit points cost nothing.
 *
 * @example
 * ```ts
 * const emit = safeListener(options.events);
 * emit?.({ type: 'keys-stale', issuer });
 * ```
 */
export function safeListener(listener: EventListener | undefined): EventListener | undefined {
  if (listener === undefined) return undefined;
  if (typeof listener !== 'function') {
    throw new TypeError('jwt-guard: option "events" must be a function');
  }
  return (event) => {
    try {
      listener(event);
    } catch {
      // An observer's bug is not the request's.
    }
  };
}

// An error is reported once, however many layers it crosses.
const reported = new WeakSet<object>();

/**
 * Emits `token-refused` for a `JwtGuardError`, once per error.
 *
 * @example
 * ```ts
 * catch (error) { reportRefusal(emit, error); throw error; }
 * ```
 */
export function reportRefusal(emit: EventListener | undefined, error: unknown): void {
  if (emit === undefined || !(error instanceof JwtGuardError) || reported.has(error)) return;
  reported.add(error);
  const cause = error.cause;
  emit({
    type: 'token-refused',
    code: error.code,
    status: error.status,
    ...(error.status >= 500 && cause instanceof Error ? { reason: cause.message } : {}),
  });
}
