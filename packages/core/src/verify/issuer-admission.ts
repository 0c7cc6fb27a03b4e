/**
 * First contact with the issuers a resolver admits (issue 19 §1.1). A resolver or preset
 * that admits issuers by pattern lets anyone name a new issuer in an unverified token, and
 * each new issuer used to cost a discovery and key fetch (and a 503 when it failed). So,
 * until one of its tokens has verified, an issuer is on probation:
 * - its fetches (discovery and key set) take from a budget of a few per minute, shared by
 *   the fleet through the store; a token the budget refuses is 401, not 503, since the
 *   flood is the client's doing and an established issuer's outage is what 503 is for;
 * - an answer that shows it is no issuer (a 4xx from discovery or its key set, metadata that
 *   is not a JSON object or names another issuer) is remembered, and its tokens are refused
 *   with 401 and no fetch while it is;
 * - once a token verifies, it is established: its fetches are never budgeted, and what the
 *   verifier keeps for it (see `issuer-cache.ts`) is out of reach of unverified traffic.
 * A fixed list of issuers is configured, so trusted in advance: none of this applies to it.
 */

import { LRUCache } from 'lru-cache';
import { createError, JwtGuardError } from '../errors/jwt-guard-error.js';
import type { EventListener } from '../events.js';
import { IssuerMetadataError } from '../keys/discovery.js';
import { createFetchBudget } from '../keys/fetch-budget.js';
import { FetchJsonError } from '../keys/fetch-json.js';
import type { VerifySignedToken } from '../signature/signed-token.js';
import type { SharedStore } from '../store/shared-store.js';
import type { IssuerStanding } from './issuer-cache.js';
import type { ResolvedVerifierOptions } from './verifier-options.js';

/** Options of {@link createIssuerAdmission}. */
export interface IssuerAdmissionOptions {
  /** Fetches per minute for issuers on probation (`jwks.newIssuerFetchesPerMinute`). */
  readonly fetchesPerMinute: number;
  /** The fleet's store, which makes the budget the fleet's. */
  readonly store: SharedStore | undefined;
  /** The fetch every budgeted fetch goes through. */
  readonly fetch: typeof fetch;
  readonly now: () => number;
  /** Most issuers remembered as established, and as no issuer. */
  readonly maxIssuers: number;
  /** How long an issuer that proved to be none is refused without a fetch, in milliseconds. */
  readonly rememberMs: number;
  readonly events: EventListener | undefined;
}

/**
 * Admission of one verifier's resolver-admitted issuers. As an {@link IssuerStanding}, it
 * says which have verified a token (of the `maxIssuers` that did most recently).
 */
export interface IssuerAdmission extends IssuerStanding {
  /** The fetch of `issuer`'s key source: budgeted while the issuer is on probation. */
  fetchFor(issuer: string): typeof fetch;
  /**
   * `verify` for `issuer`'s route: refuses an issuer remembered as none, marks the issuer
   * established when a token verifies, and answers a probation issuer's refused budget or
   * proven non-issuer with 401 instead of "keys unavailable".
   */
  guard(issuer: string, verify: VerifySignedToken): VerifySignedToken;
}

/** The budget refused a fetch: found in the cause chain of the key source's failure. */
class BudgetSpent extends Error {
  override readonly name = 'BudgetSpent';
  constructor() {
    super('the fetch budget for new issuers is spent');
  }
}

/**
 * Creates the admission.
 *
 * @example
 * ```ts
 * const admission = createIssuerAdmission({ fetchesPerMinute: 10, store, fetch, now: Date.now,
 *   maxIssuers: 100, rememberMs: 600_000, events: undefined });
 * const verify = admission.guard(iss, verifySignedToken);
 * ```
 */
export function createIssuerAdmission(options: IssuerAdmissionOptions): IssuerAdmission {
  const { now, events: emit } = options;
  const budget = createFetchBudget({
    perMinute: options.fetchesPerMinute,
    store: options.store,
    now,
  });
  const established = new LRUCache<string, true>({ max: options.maxIssuers });
  // Issuer → until when it is refused (the verifier's clock, so tests can move it).
  const noIssuers = new LRUCache<string, number>({ max: options.maxIssuers });
  const isEstablished = (issuer: string) => established.has(issuer);
  const listeners: ((issuer: string) => void)[] = [];

  const refusalOf = (issuer: string, error: unknown): unknown => {
    if (!(error instanceof JwtGuardError) || error.code !== 'ERR_KEYS_UNAVAILABLE') return error;
    if (isEstablished(issuer)) return error;
    switch (probationFailure(error.cause)) {
      case 'budget':
        emit?.({ type: 'issuer-budget-exceeded', origin: originOf(issuer) });
        return createError('ERR_ISSUER_BUDGET_EXCEEDED', { cause: error });
      case 'no-issuer':
        noIssuers.set(issuer, now() + options.rememberMs);
        emit?.({ type: 'issuer-refused' });
        return createError('ERR_ISSUER_MISMATCH', { cause: error });
      default:
        return error;
    }
  };

  return {
    isEstablished,
    onEstablished(listener) {
      listeners.push(listener);
    },
    fetchFor(issuer) {
      return async (input, init) => {
        if (!isEstablished(issuer) && !(await budget.take())) throw new BudgetSpent();
        return options.fetch(input, init);
      };
    },
    guard(issuer, verify) {
      return async (token, nowMs, context, claims) => {
        if (now() < (noIssuers.get(issuer) ?? Number.NEGATIVE_INFINITY)) {
          emit?.({ type: 'issuer-refused' });
          throw createError('ERR_ISSUER_MISMATCH');
        }
        let result: Awaited<ReturnType<VerifySignedToken>>;
        try {
          result = await verify(token, nowMs, context, claims);
        } catch (error) {
          throw refusalOf(issuer, error);
        }
        const isNew = !isEstablished(issuer);
        established.set(issuer, true);
        if (isNew) for (const listener of listeners) listener(issuer);
        return result;
      };
    },
  };
}

/**
 * The admission of a verifier's issuers: `undefined` for a fixed list (configured, so
 * trusted in advance), else one for the resolver's, from the validated options.
 *
 * @example
 * ```ts
 * const admission = admissionOf(resolveVerifierOptions(options), Date.now);
 * ```
 */
export function admissionOf(
  resolved: ResolvedVerifierOptions,
  now: () => number,
): IssuerAdmission | undefined {
  if (resolved.trusted.kind === 'list') return undefined;
  return createIssuerAdmission({
    fetchesPerMinute: resolved.jwks.newIssuerFetchesPerMinute,
    store: resolved.store,
    fetch: resolved.fetch,
    now,
    maxIssuers: resolved.maxIssuers,
    // As long as a key set is kept: a negative answer is held as long as a positive one.
    rememberMs: resolved.jwks.cacheMaxAge,
    events: resolved.events,
  });
}

// Statuses that say nothing about the issuer: the request timed out, or we were rate-limited.
const TRANSIENT_STATUSES = new Set([408, 429]);

/**
 * What a probation issuer's key failure was: the budget refused the fetch, or the answer
 * showed the issuer to be none (a 4xx, or metadata that cannot be an issuer's); `undefined`
 * for an outage (5xx, timeout, network), which stays "keys unavailable". The chain is
 * KeysUnavailable → IssuerMetadataError or FetchJsonError → their causes.
 */
function probationFailure(error: unknown): 'budget' | 'no-issuer' | undefined {
  // A key source of the application's own may build any chain, a cycle included.
  const seen = new Set<unknown>();
  for (let cause = error; cause instanceof Error && !seen.has(cause); cause = cause.cause) {
    seen.add(cause);
    if (cause instanceof BudgetSpent) return 'budget';
    if (cause instanceof IssuerMetadataError && !cause.unavailable) return 'no-issuer';
    if (cause instanceof FetchJsonError && cause.status !== undefined) {
      const refused = cause.status >= 400 && cause.status < 500;
      return refused && !TRANSIENT_STATUSES.has(cause.status) ? 'no-issuer' : undefined;
    }
  }
  return undefined;
}

// Events name the issuer's origin at most: the rest of an unverified `iss` is the sender's.
function originOf(issuer: string): string {
  return URL.canParse(issuer) ? new URL(issuer).origin : 'null';
}
