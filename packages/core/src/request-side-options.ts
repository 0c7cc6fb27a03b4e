/**
 * The request side's options an authenticator checks once: their groups (`token`,
 * `challenge`, `binding`), where roles and scopes are read, and the challenge its refusals
 * carry (RFC 6750 §3, RFC 9728 §5.1, RFC 9449 §7.1). A mistake is a `TypeError` naming the
 * option's path (`token.fromQuery`), at creation.
 */
import type { RolesClaim, ScopesClaim } from './auth-info.js';
import type {
  ChallengeOptions,
  RequestSideOptions,
  TokenOptions,
} from './authenticator-options.js';
import { DEFAULT_REALM } from './defaults.js';
import type { ResolvedDpop } from './dpop/index.js';
import type { ChallengeSettings } from './errors/answer.js';
import { isChallengeSafe } from './errors/challenge.js';
import { assertFetchableUrl } from './keys/url-policy.js';
import { fail } from './options/option-error.js';
import type { BindingOptions } from './sender-binding.js';

// The flat names of 0.x before the groups. No aliases: a security option (`dpop`, `mtls`)
// read under an old name for a while and then silently dropped would turn its check off,
// and old and new given together would have to pick a winner. A loud start-up failure that
// names the new path costs one edit.
const MOVED: Readonly<Record<string, string>> = {
  tokenFromQuery: 'token.fromQuery',
  tokenFromFormBody: 'token.fromFormBody',
  tokenFromCookie: 'token.fromCookie',
  getToken: 'token.get',
  realm: 'challenge.realm',
  resourceMetadata: 'challenge.resourceMetadata',
  dpop: 'binding.dpop',
  mtls: 'binding.mtls',
  publicOrigin: 'binding.publicOrigin',
};

const GROUPS = {
  token: new Set(['fromQuery', 'fromFormBody', 'fromCookie', 'get']),
  challenge: new Set(['realm', 'resourceMetadata']),
  binding: new Set(['dpop', 'mtls', 'publicOrigin']),
} as const;

/** The request side's groups, checked: each one given, or empty. */
export interface RequestSideGroups<Request> {
  readonly token: TokenOptions<Request>;
  readonly challenge: ChallengeOptions;
  readonly binding: BindingOptions;
}

/**
 * Checks the shape of the request side's options: a flat name of before the groups is a
 * `TypeError` naming its new path; a group must be an object of known members (a misspelt
 * member would otherwise be silently ignored); `token`'s members must have their types.
 *
 * @example
 * ```ts
 * requestSideGroups({ token: { fromQuery: true } }).token.fromQuery; // true
 * requestSideGroups({ tokenFromQuery: true } as never); // throws TypeError naming "token.fromQuery"
 * ```
 */
export function requestSideGroups<Request>(
  options: RequestSideOptions<Request>,
): RequestSideGroups<Request> {
  const record = options as Record<string, unknown>;
  for (const [old, path] of Object.entries(MOVED)) {
    if (record[old] !== undefined) fail(old, `is now "${path}": move it into that group`);
  }
  const token = group(record, 'token') as TokenOptions<Request>;
  for (const name of ['fromQuery', 'fromFormBody'] as const) {
    if (token[name] !== undefined && typeof token[name] !== 'boolean') {
      fail(`token.${name}`, 'must be a boolean');
    }
  }
  if (token.fromCookie !== undefined && typeof token.fromCookie !== 'string') {
    fail('token.fromCookie', 'must be a cookie name');
  }
  if (token.get !== undefined && typeof token.get !== 'function') {
    fail('token.get', 'must be a function');
  }
  return { token, challenge: group(record, 'challenge'), binding: group(record, 'binding') };
}

function group(record: Record<string, unknown>, name: keyof typeof GROUPS): object {
  const value = record[name];
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(name, 'must be an object');
  }
  for (const member of Object.keys(value)) {
    if (!GROUPS[name].has(member)) fail(`${name}.${member}`, `is not a "${name}" option`);
  }
  return value;
}

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
    fail('challenge.realm', 'must be printable ASCII without quotes or backslashes');
  }
  if (resourceMetadata !== undefined) {
    if (typeof resourceMetadata !== 'string' || !isChallengeSafe(resourceMetadata)) {
      fail('challenge.resourceMetadata', 'must be a URL in printable ASCII');
    }
    assertFetchableUrl(resourceMetadata, 'jwt-guard: option "challenge.resourceMetadata"');
  }
  return Object.freeze({
    realm: (realm as string | undefined) ?? DEFAULT_REALM,
    ...(resourceMetadata === undefined ? {} : { resourceMetadata: resourceMetadata as string }),
    ...(dpop === undefined ? {} : { dpop: { algs: dpop.algorithms, bearer: !dpop.required } }),
  });
}
