/**
 * Every token a key signs carries the same header string: parse and judge it once. The
 * verdict is a pure function of those bytes; the memory is bounded against junk headers.
 */
import { decodeProtectedHeader, type ProtectedHeaderParameters } from 'jose';
import type { ErrorCode } from '../../errors/codes.js';
import { createError } from '../../errors/jwt-guard-error.js';
import { isCanonicalSegment } from '../../token/compact-token.js';
import { type HeaderRules, headerFailure } from '../../token/header-policy.js';

const MAX_REMEMBERED_HEADERS = 256;

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
  const verdicts = new Map<string, ProtectedHeaderParameters | ErrorCode>();
  return (segment) => {
    let verdict = verdicts.get(segment);
    if (verdict === undefined) {
      verdict = judge(segment, rules);
      if (verdicts.size >= MAX_REMEMBERED_HEADERS) verdicts.clear();
      verdicts.set(segment, verdict);
    }
    if (typeof verdict === 'string') throw createError(verdict);
    return verdict;
  };
}

function judge(segment: string, rules: HeaderRules): ProtectedHeaderParameters | ErrorCode {
  if (!isCanonicalSegment(segment)) return 'ERR_TOKEN_MALFORMED';
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(`${segment}..`) as ProtectedHeaderParameters;
  } catch {
    return 'ERR_TOKEN_MALFORMED';
  }
  return headerFailure(header, rules) ?? Object.freeze(header);
}
