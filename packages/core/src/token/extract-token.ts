/**
 * Finds the bearer token of a request (RFC 6750 §2) and refuses ambiguous requests.
 * Framework-free: adapters hand over the raw parts of their request.
 */
import { DEFAULT_MAX_TOKEN_BYTES } from '../defaults.js';
import { createError } from '../errors/jwt-guard-error.js';
import type { RequestAddress } from '../request-context.js';

/** The parts of a request a token may come from. Only the enabled methods are read. */
export interface TokenSources {
  /** Every `Authorization` field value as received, in order; a string for a single one. */
  readonly authorization?: string | readonly string[] | null | undefined;
  /** The request target or its query (`/path?x=1`, `?x=1`, or parsed search params). */
  readonly query?: string | URLSearchParams | null | undefined;
  /** The parsed request body; read only when `contentType` is form-urlencoded (RFC 6750 §2.2). */
  readonly formBody?: unknown;
  /** The request's `Content-Type`, which decides whether `formBody` may carry a token. */
  readonly contentType?: string | null | undefined;
  /** The raw `Cookie` header. */
  readonly cookie?: string | null | undefined;
  /** The request method (for DPoP's `htm`); read only when DPoP is on. */
  readonly method?: string | undefined;
  /**
   * How the request was addressed, raw (for DPoP's `htu`; core validates the `Host` and
   * builds the URL); read only when DPoP is on.
   */
  readonly address?: RequestAddress | undefined;
  /** Every `DPoP` header value (RFC 9449 §4.1); read only when DPoP is on. */
  readonly dpop?: string | readonly string[] | null | undefined;
  /** The client certificate (RFC 8705); read only when certificate binding is on. */
  readonly certificate?: ClientCertificate | undefined;
}

/** A client certificate as a runtime lends it: its DER bytes, or its SHA-256 thumbprint. */
export interface ClientCertificate {
  readonly der?: Uint8Array | undefined;
  /** base64url of SHA-256 of the DER (what `cnf.x5t#S256` holds). */
  readonly thumbprint?: string | undefined;
}

/** Which token methods are accepted, and the size cap. */
export interface ExtractTokenOptions {
  /** Accept `?access_token=` (RFC 6750 §2.3; discouraged: tokens end up in logs). Default `false`. */
  readonly tokenFromQuery?: boolean | undefined;
  /** Accept an `access_token` form field (RFC 6750 §2.2). Default `false`. */
  readonly tokenFromFormBody?: boolean | undefined;
  /** Name of a cookie that may carry the token. Default: none. */
  readonly tokenFromCookie?: string | undefined;
  /** Largest token accepted, in bytes; larger ones are refused before any parsing. Default 16384. */
  readonly maxTokenBytes?: number | undefined;
  /**
   * The `Authorization` schemes read: `bearer` (RFC 6750), `bearer-dpop` (and `DPoP`, RFC 9449
   * §7.1), or `dpop` alone. Another scheme presents no token. Default `bearer`.
   */
  readonly schemes?: 'bearer' | 'bearer-dpop' | 'dpop' | undefined;
}

// RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
// A regular expression, not a loop over a lookup table: V8 runs this one in compiled code
// at about 1 ns a character, close to three times faster than the loop on a 1 KB token.
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const SCHEMES = {
  bearer: /^bearer$/i,
  'bearer-dpop': /^(?:bearer|dpop)$/i,
  dpop: /^dpop$/i,
} as const;
const DPOP_SCHEME = /^[ \t]*dpop[ \t]/i;
const WHITESPACE = /[ \t]/;
// A comma followed by an auth-scheme-like token: two credentials in one field value.
const JOINED_FIELDS = /,[ \t]*[!#$%&'*+.^_`|~0-9A-Za-z-]+(?:[ \t]|$)/;
const QUERY_PARAM = 'access_token';
const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(?:;|$)/i;

/**
 * Whether a `Content-Type` is `application/x-www-form-urlencoded` (parameters allowed),
 * the only body RFC 6750 §2.2 lets carry a token. Adapters whose body parsing costs (or
 * is async) ask this before parsing.
 *
 * @example
 * ```ts
 * isFormContentType('application/x-www-form-urlencoded; charset=utf-8'); // true
 * ```
 */
export function isFormContentType(contentType: string | null | undefined): boolean {
  return FORM_TYPE.test(contentType ?? '');
}

/**
 * Returns the bearer token of a request, or `undefined` when it presents none.
 * Throws `ERR_MALFORMED_AUTHORIZATION` or `ERR_MULTIPLE_TOKENS` (400 `invalid_request`)
 * for a request RFC 6750 calls malformed, and `ERR_TOKEN_TOO_LARGE` past the size cap.
 *
 * @example
 * ```ts
 * extractBearerToken({ authorization: 'Bearer eyJ...' }); // 'eyJ...'
 * extractBearerToken({ authorization: 'Basic dXNlcg==' }); // undefined: no bearer credentials
 * ```
 */
export function extractBearerToken(
  sources: TokenSources,
  options: ExtractTokenOptions = {},
): string | undefined {
  const token = findBearerToken(sources, options);
  return token === undefined ? undefined : checkedToken(token);
}

/**
 * {@link extractBearerToken} with one check left to the caller: the characters of a token
 * from the `Authorization` header (RFC 6750 §2.1 `b64token`), which {@link checkedToken}
 * tests. Every other refusal, in the same order, is made here. The authenticator asks the
 * token cache first: a token it holds passed this check when it was verified, and the
 * check (about a nanosecond a character) is a third of the cost of a cached request.
 *
 * @example
 * ```ts
 * const token = findBearerToken(sources, options);
 * if (token !== undefined && !cached(token)) checkedToken(token);
 * ```
 */
export function findBearerToken(
  sources: TokenSources,
  options: ExtractTokenOptions = {},
): string | undefined {
  const maxBytes = options.maxTokenBytes ?? DEFAULT_MAX_TOKEN_BYTES;
  const found: string[] = [];

  const header = fromAuthorization(sources.authorization, SCHEMES[options.schemes ?? 'bearer']);
  if (header !== undefined) found.push(header);
  // RFC 6750 §2: a client must not use more than one method. The query is looked at even
  // when query tokens are off, so a token there beside a header token is refused, not ignored.
  if (options.tokenFromQuery || found.length > 0) {
    const queried = fromQuery(sources.query);
    if (queried !== undefined) found.push(queried);
  }
  if (options.tokenFromFormBody && isFormContentType(sources.contentType)) {
    const field = fromFormBody(sources.formBody);
    if (field !== undefined) found.push(field);
  }
  if (options.tokenFromCookie) {
    const cookie = fromCookie(sources.cookie, options.tokenFromCookie);
    if (cookie !== undefined) found.push(cookie);
  }

  const token = found[0];
  if (token === undefined) return undefined;
  // A malformed header is reported before what follows, as if it had been checked first.
  if (found.length > 1) {
    if (header !== undefined) checkedToken(header);
    throw createError('ERR_MULTIPLE_TOKENS');
  }
  // Length in UTF-16 units bounds the byte length from below; tokens are ASCII when valid.
  if (token.length > maxBytes) {
    if (header !== undefined) checkedToken(header);
    throw createError('ERR_TOKEN_TOO_LARGE');
  }
  return token;
}

// The token of the Authorization field, its characters not yet checked (see findBearerToken).
function fromAuthorization(
  field: string | readonly string[] | null | undefined,
  schemes: RegExp,
): string | undefined {
  if (field == null) return undefined;
  let value: string;
  if (typeof field === 'string') value = field;
  else if (field.length === 0) return undefined;
  // RFC 9110 §5.3: Authorization is a singleton field; two of them is a malformed request.
  else if (field.length > 1) throw createError('ERR_MULTIPLE_TOKENS');
  else value = field[0] as string;
  if (value === lastField && schemes === lastSchemes) return lastToken;
  const token = tokenOfField(value, schemes);
  lastField = value;
  lastSchemes = schemes;
  lastToken = token;
  return token;
}

// The field read last and its token. A client repeats its Authorization field from request
// to request, and comparing it with the last one costs a fraction of reading it again. Only
// a field read without error is kept: a refused one is refused afresh every time.
let lastField: string | undefined;
let lastSchemes: RegExp | undefined;
let lastToken: string | undefined;

function tokenOfField(field: string, schemes: RegExp): string | undefined {
  let value = field;
  // Fetch-based runtimes join a repeated field into one value with ", "; seen that way it
  // is the same duplicated field Node reports as two (RFC 9110 §5.3).
  if (value.includes(',') && JOINED_FIELDS.test(value)) {
    throw createError('ERR_MULTIPLE_TOKENS');
  }
  value = value.trim();
  const space = value.search(WHITESPACE);
  const scheme = space === -1 ? value : value.slice(0, space);
  if (!schemes.test(scheme)) return undefined;
  return space === -1 ? '' : value.slice(space).trimStart();
}

function fromQuery(query: string | URLSearchParams | null | undefined): string | undefined {
  if (query == null) return undefined;
  let params: URLSearchParams;
  if (typeof query === 'string') {
    // Cheap test first: most requests carry no query token, and parsing costs more. Names
    // are compared after URL decoding (`access%5Ftoken` is `access_token`), so a query
    // with any percent-escape is parsed too.
    if (!query.includes(QUERY_PARAM) && !query.includes('%')) return undefined;
    const mark = query.indexOf('?');
    params = new URLSearchParams(mark === -1 ? query : query.slice(mark + 1));
  } else {
    params = query;
  }
  const values = params.getAll(QUERY_PARAM);
  if (values.length > 1) throw createError('ERR_MULTIPLE_TOKENS');
  return values[0] === undefined ? undefined : checkedToken(values[0]);
}

function fromFormBody(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !Object.hasOwn(body, QUERY_PARAM)) {
    return undefined;
  }
  const value = (body as Record<string, unknown>)[QUERY_PARAM];
  if (Array.isArray(value)) throw createError('ERR_MULTIPLE_TOKENS');
  if (typeof value !== 'string') throw createError('ERR_MALFORMED_AUTHORIZATION');
  return checkedToken(value);
}

// RFC 6265 §5.4: a Cookie header may hold several cookies of one name (set for different
// paths or domains); which one a server reads is arbitrary, so two are two tokens.
function fromCookie(cookieHeader: string | null | undefined, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  let token: string | undefined;
  for (const pair of cookieHeader.split(';')) {
    const eq = pair.indexOf('=');
    if (eq === -1 || pair.slice(0, eq).trim() !== name) continue;
    if (token !== undefined) throw createError('ERR_MULTIPLE_TOKENS');
    token = pair.slice(eq + 1).trim();
  }
  // An emptied cookie (`name=`) is how a token is usually removed: no token.
  return token === '' ? undefined : token;
}

/**
 * Whether the request's `Authorization` field uses the DPoP scheme (RFC 9449 §7.1). Read
 * after {@link findBearerToken} accepted the field, so that it holds one well-formed value.
 *
 * @example
 * ```ts
 * usesDpopScheme('DPoP eyJ...'); // true
 * ```
 */
export function usesDpopScheme(field: string | readonly string[] | null | undefined): boolean {
  const value = typeof field === 'string' ? field : field?.[0];
  return value !== undefined && DPOP_SCHEME.test(value);
}

/**
 * Returns `value` when it is an RFC 6750 `b64token`; otherwise throws
 * `ERR_MALFORMED_AUTHORIZATION` (400 `invalid_request`).
 *
 * @example
 * ```ts
 * checkedToken('eyJ...'); // 'eyJ...'
 * ```
 */
export function checkedToken(value: string): string {
  if (!B64TOKEN.test(value)) throw createError('ERR_MALFORMED_AUTHORIZATION');
  return value;
}
