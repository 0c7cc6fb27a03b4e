/**
 * How a refusal is answered over HTTP: the headers an error calls for, made where the
 * response is made. Deep code throws errors that carry only a code and what the answer
 * needs (missing scopes, retry-after); the realm and the `WWW-Authenticate` challenge are
 * settings of the boundary (the authenticator, the guard middlewares) and are added here.
 */
import { DEFAULT_REALM, DEFAULT_RETRY_AFTER } from '../defaults.js';
import { formatChallenge } from './challenge.js';
import { ERROR_CODES, type ErrorCode } from './codes.js';

/** The boundary's settings that shape every challenge it writes. */
export interface ChallengeSettings {
  /** The realm of the challenge (RFC 6750 §3). */
  readonly realm: string;
  /** RFC 9728 §5.1: the URL of the resource's metadata, named in every challenge. */
  readonly resourceMetadata?: string | undefined;
  /**
   * RFC 9449 §7.1: DPoP is accepted, with these proof algorithms; `bearer: false` when
   * Bearer is not (then only the DPoP challenge is sent).
   */
  readonly dpop?: { readonly algs: readonly string[]; readonly bearer: boolean } | undefined;
}

/** The settings of a boundary that set none: realm `api`. */
export const DEFAULT_CHALLENGE: ChallengeSettings = Object.freeze({ realm: DEFAULT_REALM });

/** What an error contributes to its answer. */
export interface AnswerDetails {
  readonly code: ErrorCode;
  readonly scope: readonly string[] | undefined;
  readonly retryAfter: number | undefined;
  readonly acrValues?: readonly string[] | undefined;
  readonly maxAge?: number | undefined;
  /** The scheme the refused request used: its challenge carries the error (RFC 9449 §7.1). */
  readonly scheme?: 'Bearer' | 'DPoP' | undefined;
  /** A fresh server nonce, sent as `DPoP-Nonce` (RFC 9449 §8). */
  readonly dpopNonce?: string | undefined;
}

/**
 * The response headers for an error under a boundary's settings: `Retry-After` for a 503
 * (no challenge: nothing the client sends would help), otherwise `WWW-Authenticate` with one
 * challenge per accepted scheme, the error in the challenge of the scheme the request used.
 *
 * @example
 * ```ts
 * responseHeaders({ code: 'ERR_TOKEN_EXPIRED', scope: undefined, retryAfter: undefined }, { realm: 'api' });
 * // { 'WWW-Authenticate': 'Bearer realm="api", error="invalid_token", error_description="The access token has expired"' }
 * ```
 */
export function responseHeaders(
  details: AnswerDetails,
  settings: ChallengeSettings,
): Record<string, string> {
  const row = ERROR_CODES[details.code];
  if (row.status === 503) {
    return { 'Retry-After': String(details.retryAfter ?? DEFAULT_RETRY_AFTER) };
  }
  const failure = {
    error: row.oauthError,
    description: row.description,
    scope: details.code === 'ERR_INSUFFICIENT_SCOPE' ? details.scope : undefined,
    acrValues: details.acrValues,
    maxAge: details.maxAge,
  };
  const common = { realm: settings.realm, resourceMetadata: settings.resourceMetadata };
  const onDpop =
    settings.dpop !== undefined && (details.scheme === 'DPoP' || !settings.dpop.bearer);
  const challenges: string[] = [];
  if (settings.dpop === undefined || settings.dpop.bearer) {
    challenges.push(formatChallenge('Bearer', onDpop ? common : { ...common, ...failure }));
  }
  if (settings.dpop !== undefined) {
    const dpop = { ...common, algs: settings.dpop.algs };
    challenges.push(formatChallenge('DPoP', onDpop ? { ...dpop, ...failure } : dpop));
  }
  const headers: Record<string, string> = { 'WWW-Authenticate': challenges.join(', ') };
  if (details.dpopNonce !== undefined) headers['DPoP-Nonce'] = details.dpopNonce;
  return headers;
}

// A flood of refusals asks for the same few challenges again and again, and building one
// (spreads, quoting, joining) cost more than the rest of a refusal (issue 24's profile: about
// half of a missing-token refusal). The answers with no per-request detail are built once per
// boundary and code; each boundary's settings are made once, so the map per settings stays
// as small as the error table, and goes with the settings.
const plainAnswers = new WeakMap<
  ChallengeSettings,
  Map<string, Readonly<Record<string, string>>>
>();

const hasRequestDetail = (details: AnswerDetails): boolean =>
  details.scope !== undefined ||
  details.retryAfter !== undefined ||
  details.acrValues !== undefined ||
  details.maxAge !== undefined ||
  details.dpopNonce !== undefined;

/**
 * {@link responseHeaders}, frozen, and the same object each time for an answer that carries
 * nothing of its request (no scope, retry-after, step-up or nonce).
 *
 * @example
 * ```ts
 * answerHeaders({ code: 'ERR_NO_TOKEN', scope: undefined, retryAfter: undefined }, DEFAULT_CHALLENGE);
 * ```
 */
export function answerHeaders(
  details: AnswerDetails,
  settings: ChallengeSettings,
): Readonly<Record<string, string>> {
  if (hasRequestDetail(details)) return Object.freeze(responseHeaders(details, settings));
  let answers = plainAnswers.get(settings);
  if (answers === undefined) {
    answers = new Map();
    plainAnswers.set(settings, answers);
  }
  const key = `${details.code} ${details.scheme ?? ''}`;
  let headers = answers.get(key);
  if (headers === undefined) {
    headers = Object.freeze(responseHeaders(details, settings));
    answers.set(key, headers);
  }
  return headers;
}
