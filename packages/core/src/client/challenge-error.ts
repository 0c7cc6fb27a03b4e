/**
 * Reads the `error` a 401 names on its Bearer (RFC 6750 §3) or DPoP (RFC 9449 §7.1)
 * challenge, from a `WWW-Authenticate` field of one or more challenges (RFC 9110 §11.6.1).
 */

/** The refusals a token client acts on. */
export type ChallengeError = 'invalid_token' | 'use_dpop_nonce';

// One lexical unit of the field: a quoted string (escapes kept), a token68/token run, or `,` `=`.
const UNIT = /\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,="]+)|(,)|(=))/y;

interface Challenge {
  readonly scheme: string;
  readonly params: Map<string, string>;
}

function tokenize(field: string): string[] | undefined {
  const units: string[] = [];
  UNIT.lastIndex = 0;
  while (UNIT.lastIndex < field.length) {
    const at = UNIT.lastIndex;
    const match = UNIT.exec(field);
    if (match === null) return field.slice(at).trim() === '' ? units : undefined;
    if (match[1] !== undefined) units.push(`"${match[1].replace(/\\(.)/g, '$1')}`);
    else units.push(match[2] ?? match[3] ?? match[4] ?? '');
  }
  return units;
}

/**
 * Splits a `WWW-Authenticate` value into challenges and their auth-params (names lower-cased,
 * values unquoted). A field that does not parse gives no challenges.
 *
 * @example
 * ```ts
 * parseChallenges('Bearer realm="api", DPoP algs="ES256", error="use_dpop_nonce"');
 * // [{ scheme: 'bearer', params: { realm: 'api' } }, { scheme: 'dpop', params: { algs: 'ES256', error: 'use_dpop_nonce' } }]
 * ```
 */
export function parseChallenges(field: string): Challenge[] {
  const units = tokenize(field) ?? [];
  const challenges: Challenge[] = [];
  let current: Challenge | undefined;
  for (let i = 0; i < units.length; i += 1) {
    const unit = units[i] as string;
    if (unit === ',') continue;
    // name = value: an auth-param of the current challenge.
    if (current && units[i + 1] === '=' && units[i + 2] !== undefined) {
      const value = units[i + 2] as string;
      current.params.set(unit.toLowerCase(), value.startsWith('"') ? value.slice(1) : value);
      i += 2;
    } else if (!unit.startsWith('"') && unit !== '=') {
      // A new scheme (an auth-scheme is a token; a token68 after it is skipped as a param-less unit).
      if (current && units[i - 1] !== ',') continue;
      current = { scheme: unit.toLowerCase(), params: new Map() };
      challenges.push(current);
    }
  }
  return challenges;
}

/**
 * The `error` of a 401's Bearer or DPoP challenge, when it is one the client acts on:
 * `invalid_token` (renew the token) or `use_dpop_nonce` (retry with the server's nonce).
 * Any other status, scheme or error: `undefined`.
 *
 * @example
 * ```ts
 * challengeError(new Response(null, { status: 401, headers: { 'www-authenticate': 'DPoP error="invalid_token"' } })); // 'invalid_token'
 * ```
 */
export function challengeError(response: Response): ChallengeError | undefined {
  if (response.status !== 401) return undefined;
  const field = response.headers.get('www-authenticate');
  if (field === null) return undefined;
  for (const { scheme, params } of parseChallenges(field)) {
    if (scheme !== 'bearer' && scheme !== 'dpop') continue;
    const error = params.get('error');
    if (error === 'invalid_token') return error;
    if (error === 'use_dpop_nonce' && scheme === 'dpop') return error;
  }
  return undefined;
}
