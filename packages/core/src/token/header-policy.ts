/**
 * The protected header's rules, applied by both signature paths before any key is looked
 * up: the algorithm allowlist (RFC 8725 §3.1), no `crit` extension or unencoded payload
 * (RFC 7515 §4.1.11, RFC 7797), a string `kid`, and a `typ` naming an access token
 * (RFC 8725 §3.11, RFC 9068 §2.1). `jku`, `x5u`, `jwk` and `x5c` are never read anywhere,
 * so they need no rule.
 */
import type { JWSHeaderParameters } from 'jose';
import type { ErrorCode } from '../errors/codes.js';

/** What the header is checked against. */
export interface HeaderRules {
  /** The algorithm allowlist. */
  readonly algorithms: ReadonlySet<string>;
  /** Require `typ: at+jwt` (RFC 9068 §2.1). */
  readonly requireAtJwt: boolean;
  /**
   * The RFC 9068 profile: a token of another type (an ID token, say) is
   * `ERR_NOT_ACCESS_TOKEN`, so that sending the wrong token is told apart at once.
   */
  readonly profile?: 'rfc9068' | undefined;
}

const ANY_ACCESS_TOKEN_TYPE = new Set(['jwt', 'at+jwt']);
const AT_JWT_ONLY = new Set(['at+jwt']);

/**
 * The code of the first rule the header breaks, or `undefined` when it passes.
 *
 * @example
 * ```ts
 * headerFailure({ alg: 'RS256', typ: 'dpop+jwt' }, { algorithms: new Set(['RS256']), requireAtJwt: false });
 * // 'ERR_TYPE_NOT_ALLOWED'
 * ```
 */
export function headerFailure(
  header: JWSHeaderParameters,
  rules: HeaderRules,
): ErrorCode | undefined {
  // We implement no extension, so any `crit` names one we cannot honour.
  if (header.crit !== undefined || (header.b64 !== undefined && header.b64 !== true)) {
    return 'ERR_HEADER_INVALID';
  }
  const { alg } = header;
  if (typeof alg !== 'string' || alg === '') return 'ERR_TOKEN_MALFORMED';
  // `none` is never in an allowlist: options refuse it in any letter case.
  if (!rules.algorithms.has(alg)) return 'ERR_ALGORITHM_NOT_ALLOWED';
  if (header.kid !== undefined && typeof header.kid !== 'string') return 'ERR_HEADER_INVALID';
  const typeFits = typeAccepted(header.typ, rules.requireAtJwt || rules.profile === 'rfc9068');
  if (typeFits) return undefined;
  return rules.profile === 'rfc9068' ? 'ERR_NOT_ACCESS_TOKEN' : 'ERR_TYPE_NOT_ALLOWED';
}

function typeAccepted(typ: unknown, requireAtJwt: boolean): boolean {
  if (typ === undefined) return !requireAtJwt;
  if (typeof typ !== 'string') return false;
  // RFC 7515 §4.1.9: "application/" may be omitted; media types compare case-insensitively.
  const normalized = typ.toLowerCase().replace(/^application\//, '');
  return (requireAtJwt ? AT_JWT_ONLY : ANY_ACCESS_TOKEN_TYPE).has(normalized);
}
