/**
 * Every token a key signs carries the same header string: parse and judge it once. The
 * verdict is a pure function of those bytes; the memory is bounded against junk headers.
 * DPoP proofs share the memo: a client's proofs all carry one header (`typ`, `alg`, `jwk`).
 */
import { decodeProtectedHeader, type ProtectedHeaderParameters } from 'jose';
import type { ErrorCode } from '../../errors/codes.js';
import { createError } from '../../errors/jwt-guard-error.js';
import { isCanonicalSegment } from '../../token/compact-token.js';
import { type HeaderRules, headerFailure } from '../../token/header-policy.js';

const MAX_REMEMBERED_HEADERS = 256;

/**
 * Remembers `judge`'s verdict per input string, a header segment or a DPoP proof's URL (at
 * most 256; all are forgotten when full, so junk cannot pin memory). `judge` must be a pure
 * function of the string.
 *
 * @example
 * ```ts
 * const verdictOf = rememberVerdicts((segment) => parseHeaderSegment(segment) ?? 'malformed');
 * ```
 */
export function rememberVerdicts<V>(judge: (segment: string) => V): (segment: string) => V {
  const verdicts = new Map<string, V>();
  return (segment) => {
    let verdict = verdicts.get(segment);
    if (verdict === undefined && !verdicts.has(segment)) {
      verdict = judge(segment);
      if (verdicts.size >= MAX_REMEMBERED_HEADERS) verdicts.clear();
      verdicts.set(segment, verdict);
    }
    return verdict as V;
  };
}

/**
 * The protected header in a canonical base64url segment, or `undefined` when the segment
 * is not canonical or not a JSON object.
 *
 * @example
 * ```ts
 * parseHeaderSegment('eyJhbGciOiJFUzI1NiJ9'); // { alg: 'ES256' }
 * ```
 */
export function parseHeaderSegment(segment: string): ProtectedHeaderParameters | undefined {
  if (!isCanonicalSegment(segment)) return undefined;
  try {
    return decodeProtectedHeader(`${segment}..`) as ProtectedHeaderParameters;
  } catch {
    return undefined;
  }
}

/**
 * Creates the memo: it returns the frozen header of an acceptable segment, and throws the
 * `JwtGuardError` of a refused one.
 *
 * @example
 * ```ts
 * const readHeader = createHeaderVerdicts(rules.header);
 * const header = readHeader(token.slice(0, token.indexOf('.')));
 * ```
 */
export function createHeaderVerdicts(
  rules: HeaderRules,
): (segment: string) => ProtectedHeaderParameters {
  const verdictOf = rememberVerdicts((segment) => judge(segment, rules));
  return (segment) => {
    const verdict = verdictOf(segment);
    if (typeof verdict === 'string') throw createError(verdict);
    return verdict;
  };
}

function judge(segment: string, rules: HeaderRules): ProtectedHeaderParameters | ErrorCode {
  const header = parseHeaderSegment(segment);
  if (header === undefined) return 'ERR_TOKEN_MALFORMED';
  return headerFailure(header, rules) ?? Object.freeze(header);
}
