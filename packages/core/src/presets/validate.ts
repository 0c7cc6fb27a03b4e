/**
 * Checks of a preset's inputs, made when the preset is called: every mistake is a
 * `TypeError` naming the preset and the option, never a surprise on the first request.
 */
import { assertFetchableUrl } from '../keys/url-policy.js';
import { deepFreeze } from '../verify/deep-freeze.js';
import type { PresetOptions } from './types.js';

/** The providers with a preset. */
export type PresetName = 'auth0' | 'entra' | 'cognito' | 'keycloak' | 'okta' | 'google';

/**
 * A `TypeError` naming the preset and the option.
 *
 * @example
 * ```ts
 * throw presetError('okta', 'issuer', 'must contain /oauth2/');
 * // TypeError: jwt-guard: presets.okta() option "issuer" must contain /oauth2/
 * ```
 */
export function presetError(preset: PresetName, option: string, rule: string): TypeError {
  return new TypeError(`jwt-guard: presets.${preset}() option "${option}" ${rule}`);
}

/**
 * The options object itself, refused unless it is an object.
 *
 * @example
 * ```ts
 * const options = optionsObject('google', input);
 * ```
 */
export function optionsObject<T extends object>(preset: PresetName, options: T): T {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`jwt-guard: presets.${preset}() needs an options object`);
  }
  return options;
}

/**
 * One or more non-empty strings as a frozen array without duplicates.
 *
 * @example
 * ```ts
 * stringList('cognito', 'clientId', 'abc'); // ['abc']
 * ```
 */
export function stringList(preset: PresetName, option: string, value: unknown): readonly string[] {
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? [...value] : undefined;
  if (list === undefined || list.length === 0 || list.some((v) => typeof v !== 'string' || !v)) {
    throw presetError(preset, option, 'must be a non-empty string or a non-empty array of them');
  }
  return Object.freeze([...new Set(list as string[])]);
}

// A DNS host name: dot-separated labels of letters, digits and inner hyphens (RFC 1123 §2.1).
const HOST_NAME =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/**
 * A host name such as `tenant.eu.auth0.com`, lower-cased (host names are case-insensitive
 * and providers write them in lower case). A URL is refused, with a hint at `urlOption`.
 *
 * @example
 * ```ts
 * hostName('auth0', 'domain', 'Tenant.EU.auth0.com', 'issuerBaseURL'); // 'tenant.eu.auth0.com'
 * ```
 */
export function hostName(
  preset: PresetName,
  option: string,
  value: unknown,
  urlOption: string,
): string {
  if (typeof value !== 'string' || !HOST_NAME.test(value)) {
    throw presetError(
      preset,
      option,
      `must be a host name such as "id.example.com" (no scheme or path; pass a URL as "${urlOption}")`,
    );
  }
  return value.toLowerCase();
}

/**
 * A provider's base URL: https (plain http only on a loopback host, for tests), without
 * credentials, query or fragment. Returned as origin plus path, without a trailing slash;
 * with `path: false` a path is refused.
 *
 * @example
 * ```ts
 * baseUrl('keycloak', 'url', 'https://sso.example.com/auth/', { path: true }); // 'https://sso.example.com/auth'
 * ```
 */
export function baseUrl(
  preset: PresetName,
  option: string,
  value: unknown,
  { path }: { readonly path: boolean },
): string {
  const label = `jwt-guard: presets.${preset}() option "${option}"`;
  if (typeof value !== 'string') throw new TypeError(`${label} must be a URL string`);
  assertFetchableUrl(value, label);
  const url = new URL(value);
  if (url.search || url.hash || value.includes('?') || value.includes('#')) {
    throw new TypeError(`${label} must not have a query or fragment`);
  }
  const pathname = url.pathname.replace(/\/+$/, '');
  if (!path && pathname !== '') throw new TypeError(`${label} must not have a path`);
  return url.origin + pathname;
}

/**
 * The accepted algorithms: `fallback` when not given, else a non-empty list drawn from
 * `allowed` when the provider signs with a known few.
 *
 * @example
 * ```ts
 * algorithmList('auth0', undefined, ['RS256'], ['RS256', 'PS256']); // ['RS256']
 * ```
 */
export function algorithmList(
  preset: PresetName,
  value: unknown,
  fallback: readonly string[],
  allowed?: readonly string[],
): readonly string[] {
  if (value === undefined) return Object.freeze([...fallback]);
  const list = stringList(preset, 'algorithms', value);
  const foreign = allowed && list.find((alg) => !allowed.includes(alg));
  if (foreign) {
    throw presetError(preset, 'algorithms', `may hold only ${allowed.join(', ')} (got ${foreign})`);
  }
  return list;
}

/**
 * A boolean option, `false` when not given.
 *
 * @example
 * ```ts
 * flag('entra', 'acceptV1', options.acceptV1); // false
 * ```
 */
export function flag(preset: PresetName, option: string, value: unknown): boolean {
  if (value !== undefined && typeof value !== 'boolean') {
    throw presetError(preset, option, 'must be a boolean');
  }
  return value === true;
}

/**
 * The preset's result: fields left `undefined` are dropped (so that spreading it never
 * blanks an option set before it), and the object and its arrays are frozen.
 *
 * @example
 * ```ts
 * return presetOptions({ issuer, audience, algorithms, jwksUri });
 * ```
 */
export function presetOptions(fields: PresetOptions): PresetOptions {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) result[key] = value;
  return deepFreeze(result as unknown as PresetOptions);
}
