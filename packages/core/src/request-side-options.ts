/**
 * The request side's options an authenticator checks once: where roles and scopes are
 * read, and the challenge its refusals carry (RFC 6750 §3, RFC 9728 §5.1, RFC 9449 §7.1).
 * A mistake is a `TypeError` naming the option, at creation.
 */
import type { RolesClaim, ScopesClaim } from './auth-info.js';
import { DEFAULT_REALM } from './defaults.js';
import type { ResolvedDpop } from './dpop/index.js';
import type { ChallengeSettings } from './errors/answer.js';
import { isChallengeSafe } from './errors/challenge.js';
import { assertFetchableUrl } from './keys/url-policy.js';

/**
 * A roles or scopes claim option as given (a claim path or a function), or `undefined`.
 *
 * @example
 * ```ts
 * claimPath('realm_access.roles', 'rolesClaim'); // 'realm_access.roles'
 * ```
 */
export function claimPath<T extends RolesClaim | ScopesClaim>(
  value: T | undefined,
  option: string,
): T | undefined {
  if (value === undefined) return undefined;
  if (!['string', 'function'].includes(typeof value) && !Array.isArray(value)) {
    throw new TypeError(`jwt-guard: option "${option}" must be a claim path or a function`);
  }
  return value;
}

/**
 * The challenge of an authenticator's refusals: its realm, the resource metadata URL, and
 * the DPoP algorithms when DPoP is on.
 *
 * @example
 * ```ts
 * challengeSettings('shop', undefined, undefined); // { realm: 'shop' }
 * ```
 */
export function challengeSettings(
  realm: unknown,
  resourceMetadata: unknown,
  dpop: ResolvedDpop | undefined,
): ChallengeSettings {
  if (realm !== undefined && (typeof realm !== 'string' || !isChallengeSafe(realm))) {
    throw new TypeError(
      'jwt-guard: option "realm" must be printable ASCII without quotes or backslashes',
    );
  }
  if (resourceMetadata !== undefined) {
    if (typeof resourceMetadata !== 'string' || !isChallengeSafe(resourceMetadata)) {
      throw new TypeError('jwt-guard: option "resourceMetadata" must be a URL in printable ASCII');
    }
    assertFetchableUrl(resourceMetadata, 'jwt-guard: option "resourceMetadata"');
  }
  return Object.freeze({
    realm: (realm as string | undefined) ?? DEFAULT_REALM,
    ...(resourceMetadata === undefined ? {} : { resourceMetadata: resourceMetadata as string }),
    ...(dpop === undefined ? {} : { dpop: { algs: dpop.algorithms, bearer: !dpop.required } }),
  });
}
