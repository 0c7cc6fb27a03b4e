/**
 * What the middleware does, told to the application as it happens: key sets fetched,
 * failing, served stale or not refetched because of the cooldown; tokens accepted (from
 * the cache or after full verification) or refused (by code); issuers resolved or refused;
 * verified tokens refused by a guard or policy.
 * Events never carry a token, a claim value from a refused token, or a secret.
 *
 * With no listener nothing is built: every emit point is `emit?.({ … })`, and an optional
 * call does not evaluate its argument when there is no function to call.
 */
import type { ErrorCode } from './errors/codes.js';
import type { DpopFailureReason } from './errors/dpop-reason.js';
import { JwtGuardError } from './errors/jwt-guard-error.js';
import type { RefusalHint } from './errors/refusal-hint.js';

/** The route middleware (or `authorize`) that refused a verified token. */
export type GuardName =
  | 'requireScope'
  | 'requireRole'
  | 'requireClaim'
  | 'requireAuthLevel'
  | 'requirePolicy'
  | 'authorize';

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
      /** `ERR_CLAIM_INVALID`: the name of the claim refused (never its value). */
      readonly claim?: string;
      /**
       * `ERR_ISSUER_MISMATCH`, `ERR_AUDIENCE_MISMATCH`: the token's `iss` or `aud` differs
       * from this configured value only by a trailing slash (a configuration mistake).
       */
      readonly hint?: RefusalHint;
      /**
       * `ERR_DPOP_PROOF_INVALID`, `ERR_DPOP_NONCE_REQUIRED`: the DPoP rule that refused the
       * proof (the client's answer names none).
       */
      readonly dpopReason?: DpopFailureReason;
    }
  | {
      /** A verified token that a guard or policy refused (403, or 401 for step-up). */
      readonly type: 'authorization-refused';
      readonly code: ErrorCode;
      readonly status: number;
      /** The guard or policy middleware that refused. */
      readonly guard: GuardName;
      /** `requirePolicy`/`authorize`: the policy's name, when it has one. */
      readonly policy?: string;
      /** `requireClaim`: the claim path the guard read (never its value). */
      readonly claim?: string;
      /** The verified token's issuer. */
      readonly issuer?: string;
    }
  | {
      /**
       * A token of an issuer no token has verified yet was refused (401) because the fetch
       * budget for new issuers (`jwks.newIssuerFetchesPerMinute`) is spent.
       */
      readonly type: 'issuer-budget-exceeded';
      /** The issuer's origin, never the rest of the unverified `iss`. */
      readonly origin: string;
    }
  | { readonly type: 'issuer-resolved'; readonly issuer: string }
  | {
      readonly type: 'issuer-refused';
      /**
       * `'url-policy'`: a resolver admitted the unverified `iss`, but it is no URL we may
       * fetch (http off loopback, userinfo, a fragment), so nothing was fetched. Absent: the
       * issuer is not trusted.
       */
      readonly reason?: 'url-policy';
    };

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
export function safeListener<E = JwtGuardEvent>(
  listener: ((event: E) => void) | undefined,
): ((event: E) => void) | undefined {
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
    ...(error.status >= 500 && cause instanceof Error ? { reason: reasonOf(error, cause) } : {}),
    ...(error.claim === undefined ? {} : { claim: error.claim }),
    ...(error.hint === undefined ? {} : { hint: error.hint }),
    ...(error.dpopReason === undefined ? {} : { dpopReason: error.dpopReason }),
  });
}

// A key fetch's failure names its URL and status, which an operator needs. The app's own
// `isRevoked` hook was handed the token's claims, so its message may quote them: only its
// class goes out.
function reasonOf(error: JwtGuardError, cause: Error): string {
  return error.code === 'ERR_REVOCATION_UNAVAILABLE' ? cause.name : cause.message;
}

/** Who refused a verified token, for {@link reportAuthorizationRefusal}. */
export interface RefusedBy {
  readonly guard: GuardName;
  readonly policy?: string | undefined;
  /** The verified payload's `iss`. */
  readonly issuer?: unknown;
}

/**
 * Emits `authorization-refused` for a guard's or policy's `JwtGuardError`. Anything else
 * (a `TypeError` of a misused guard) is not a refusal and is not reported.
 *
 * @example
 * ```ts
 * catch (error) { reportAuthorizationRefusal(policyOf(auth)?.events, error, { guard: 'requireScope' }); throw error; }
 * ```
 */
export function reportAuthorizationRefusal(
  emit: EventListener | undefined,
  error: unknown,
  by: RefusedBy,
): void {
  if (emit === undefined || !(error instanceof JwtGuardError)) return;
  emit({
    type: 'authorization-refused',
    code: error.code,
    status: error.status,
    guard: by.guard,
    ...(by.policy === undefined || by.policy === '' ? {} : { policy: by.policy }),
    ...(error.claim === undefined ? {} : { claim: error.claim }),
    ...(typeof by.issuer === 'string' ? { issuer: by.issuer } : {}),
  });
}
