/**
 * The error hierarchy. Every error carries what Express's finalhandler, Koa's default
 * error handler and our Hono adapter apply as they are: `status`, `statusCode`, `expose`
 * and `headers` (with the RFC 6750 challenge). Messages are fixed per code, so neither a
 * token nor a claim value can ever reach a message or a log line.
 */
import { answerHeaders, type ChallengeSettings, DEFAULT_CHALLENGE } from './answer.js';
import { ERROR_CODES, type ErrorCode } from './codes.js';
import type { DpopFailureReason } from './dpop-reason.js';
import type { RefusalHint } from './refusal-hint.js';
import { restoreStack, suspendStack } from './without-stack.js';

/** What an error carries besides its code: what its answer needs, and why it happened. */
export interface JwtGuardErrorOptions {
  /** Scopes the resource needs, sent in the challenge of `ERR_INSUFFICIENT_SCOPE`. */
  readonly scope?: readonly string[] | undefined;
  /** Seconds for `Retry-After` on a 503. Default 30. */
  readonly retryAfter?: number | undefined;
  /** RFC 9470 step-up: the `acr` values that would do (`ERR_INSUFFICIENT_USER_AUTHENTICATION`). */
  readonly acrValues?: readonly string[] | undefined;
  /** RFC 9470 step-up: the largest acceptable authentication age, in seconds. */
  readonly maxAge?: number | undefined;
  /** RFC 9449 §8: a fresh nonce for the client's next proof, sent as `DPoP-Nonce`. */
  readonly dpopNonce?: string | undefined;
  /** The underlying failure, kept for logs and debugging. */
  readonly cause?: unknown;
  /** The DPoP rule that refused the proof, for events only. */
  readonly dpopReason?: DpopFailureReason | undefined;
  /** The claim a claim rule refused (`ERR_CLAIM_INVALID`): its name, never its value. */
  readonly claim?: string | undefined;
  /** A likely configuration mistake behind the refusal, for events only. */
  readonly hint?: RefusalHint | undefined;
}

/**
 * Base class of every error jwt-guard raises for a request. Match on `code`.
 *
 * @example
 * ```ts
 * try { await verifier.verify(token); }
 * catch (error) { if (error instanceof JwtGuardError) console.log(error.code, error.status); }
 * ```
 */
export class JwtGuardError extends Error {
  /** The stable code of this failure. */
  readonly code: ErrorCode;
  /** The HTTP status to answer with. */
  readonly status: number;
  /** Alias of `status`, read by Express's finalhandler and by http-errors consumers. */
  readonly statusCode: number;
  /** Whether the message may be shown to the client (false for 5xx, as Koa expects). */
  readonly expose: boolean;
  /** The RFC 6750 `error` value, when the answer carries one. */
  readonly oauthError: string | undefined;
  /** Scopes the resource needs (`ERR_INSUFFICIENT_SCOPE`). */
  readonly scope: readonly string[] | undefined;
  /** Seconds until keys may be had again (503). */
  readonly retryAfter: number | undefined;
  /** The `acr` values a step-up would need (RFC 9470). */
  readonly acrValues: readonly string[] | undefined;
  /** The authentication age a step-up would need, in seconds (RFC 9470). */
  readonly maxAge: number | undefined;
  /** A fresh DPoP nonce for the client (RFC 9449 §8). */
  readonly dpopNonce: string | undefined;
  /** The DPoP rule that refused the proof; never sent to the client. */
  readonly dpopReason: DpopFailureReason | undefined;
  /** The name of the claim a claim rule refused; never sent to the client. */
  readonly claim: string | undefined;
  /** A likely configuration mistake behind the refusal; never sent to the client. */
  readonly hint: RefusalHint | undefined;
  #challenge: ChallengeSettings = DEFAULT_CHALLENGE;
  #scheme: 'Bearer' | 'DPoP' | undefined;
  #headers: Readonly<Record<string, string>> | undefined;

  constructor(code: ErrorCode, options: JwtGuardErrorOptions = {}) {
    const row = ERROR_CODES[code];
    // A refusal (4xx) captures no stack (`without-stack.ts`); a 503 keeps its own.
    const limit = suspendStack(row.status);
    super(row.description, options.cause === undefined ? undefined : { cause: options.cause });
    restoreStack(limit);
    this.name = new.target.name;
    this.code = code;
    this.status = row.status;
    this.statusCode = row.status;
    this.expose = row.status < 500;
    this.oauthError = row.oauthError;
    this.scope = options.scope;
    this.retryAfter = options.retryAfter;
    this.acrValues = options.acrValues;
    this.maxAge = options.maxAge;
    this.dpopNonce = options.dpopNonce;
    this.dpopReason = options.dpopReason;
    this.claim = options.claim;
    this.hint = options.hint;
  }

  /** The authorization scheme of the refused request, when the boundary knows it. */
  get scheme(): 'Bearer' | 'DPoP' | undefined {
    return this.#scheme;
  }

  /** The realm the challenge names: the boundary's, once it has answered with this error. */
  get realm(): string {
    return this.#challenge.realm;
  }

  /** Response headers: the `WWW-Authenticate` challenge, or `Retry-After` on a 503. */
  get headers(): Readonly<Record<string, string>> {
    this.#headers ??= answerHeaders(this, this.#challenge);
    return this.#headers;
  }

  /**
   * Sets the challenge settings of the boundary that answers with this error (the
   * authenticator and guard middlewares call it; applications need not), and the scheme
   * the request used, when known. Returns `this`.
   */
  withChallenge(settings: ChallengeSettings, scheme?: 'Bearer' | 'DPoP'): this {
    this.#challenge = settings;
    if (scheme !== undefined) this.#scheme = scheme;
    this.#headers = undefined;
    return this;
  }
}

/** No credentials were presented (RFC 6750 §3.1: a bare challenge). Status 401. */
export class UnauthorizedError extends JwtGuardError {}
/** The request is malformed: RFC 6750 `invalid_request`. Status 400. */
export class InvalidRequestError extends JwtGuardError {}
/** The token is malformed, forged, expired or not for us: `invalid_token`. Status 401. */
export class InvalidTokenError extends JwtGuardError {}
/** The token is valid but lacks a permission: `insufficient_scope`. Status 403. */
export class InsufficientScopeError extends JwtGuardError {}
/** The issuer's keys cannot be had right now. Status 503 with `Retry-After`, no challenge. */
export class KeysUnavailableError extends JwtGuardError {}
/** The `isRevoked` hook failed, so revocation cannot be ruled out (fail closed). Status 503. */
export class RevocationUnavailableError extends JwtGuardError {}

const CLASS_BY_CODE: { readonly [C in ErrorCode]?: typeof JwtGuardError } = {
  ERR_NO_TOKEN: UnauthorizedError,
  ERR_KEYS_UNAVAILABLE: KeysUnavailableError,
  ERR_REVOCATION_UNAVAILABLE: RevocationUnavailableError,
};
const CLASS_BY_STATUS = {
  400: InvalidRequestError,
  401: InvalidTokenError,
  403: InsufficientScopeError,
  503: KeysUnavailableError,
} as const;

/**
 * Creates the error of the right class for a code.
 *
 * @example
 * ```ts
 * throw createError('ERR_TOKEN_EXPIRED'); // an InvalidTokenError
 * ```
 */
export function createError(code: ErrorCode, options?: JwtGuardErrorOptions): JwtGuardError {
  const ErrorClass = CLASS_BY_CODE[code] ?? CLASS_BY_STATUS[ERROR_CODES[code].status];
  return new ErrorClass(code, options);
}

/**
 * The answer an error calls for, as plain data: status, headers and a short text body
 * (the fixed description, or the status text when the error is not exposed).
 *
 * @example
 * ```ts
 * const { status, headers, body } = toErrorResponse(error);
 * return new Response(body, { status, headers });
 * ```
 */
export function toErrorResponse(error: JwtGuardError): {
  status: number;
  headers: Record<string, string>;
  body: string;
} {
  return {
    status: error.status,
    headers: { ...error.headers, 'Content-Type': 'text/plain; charset=utf-8' },
    body: error.expose ? error.message : 'Service Unavailable',
  };
}
