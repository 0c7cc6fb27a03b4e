/**
 * The error hierarchy. Every error carries what Express's finalhandler, Koa's default
 * error handler and our Hono adapter apply as they are: `status`, `statusCode`, `expose`
 * and `headers` (with the RFC 6750 challenge). Messages are fixed per code, so neither a
 * token nor a claim value can ever reach a message or a log line.
 */
import { formatBearerChallenge } from './challenge.js';
import { ERROR_CODES, type ErrorCode } from './codes.js';

/** The realm used when none is configured. */
export const DEFAULT_REALM = 'api';

/** Details that shape how an error is answered. */
export interface JwtGuardErrorOptions {
  /** The realm of the challenge. Default `"api"`. */
  readonly realm?: string | undefined;
  /** Scopes the resource needs, sent in the challenge of `ERR_INSUFFICIENT_SCOPE`. */
  readonly scope?: readonly string[] | undefined;
  /** Seconds for `Retry-After` on a 503. Default 30. */
  readonly retryAfter?: number | undefined;
  /** The underlying failure, kept for logs and debugging. */
  readonly cause?: unknown;
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
  /** Response headers: the `WWW-Authenticate` challenge, or `Retry-After` on a 503. */
  readonly headers: Readonly<Record<string, string>>;
  /** The RFC 6750 `error` value, when the answer carries one. */
  readonly oauthError: string | undefined;
  /** The realm the challenge names. */
  readonly realm: string;

  constructor(code: ErrorCode, options: JwtGuardErrorOptions = {}) {
    const row = ERROR_CODES[code];
    super(row.description, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = row.status;
    this.statusCode = row.status;
    this.expose = row.status < 500;
    this.oauthError = row.oauthError;
    this.realm = options.realm ?? DEFAULT_REALM;
    this.headers =
      row.status === 503
        ? { 'Retry-After': String(options.retryAfter ?? 30) }
        : {
            'WWW-Authenticate': formatBearerChallenge({
              realm: this.realm,
              error: row.oauthError,
              description: row.description,
              scope: code === 'ERR_INSUFFICIENT_SCOPE' ? options.scope : undefined,
            }),
          };
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
 * throw createError('ERR_TOKEN_EXPIRED', { realm: 'api' }); // an InvalidTokenError
 * ```
 */
export function createError(code: ErrorCode, options?: JwtGuardErrorOptions): JwtGuardError {
  if (code === 'ERR_NO_TOKEN') return new UnauthorizedError(code, options);
  return new CLASS_BY_STATUS[ERROR_CODES[code].status](code, options);
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
