/**
 * The Auth0 preset: access tokens of an Auth0 API. Auth0 writes its issuer with a trailing
 * slash (`https://{domain}/`), puts RBAC permissions in `permissions` beside `scope`, and
 * carries roles only in a namespaced custom claim that an Action adds.
 */
import type { JWTPayload } from 'jose';
import { delimitedItems, stringItems } from './claim-strings.js';
import type { PresetOptions } from './types.js';
import {
  algorithmList,
  baseUrl,
  hostName,
  optionsObject,
  presetError,
  presetOptions,
  stringList,
} from './validate.js';

/**
 * Options of {@link auth0}. Give exactly one of `domain` and `issuerBaseURL`.
 *
 * @example
 * ```ts
 * const options: Auth0PresetOptions = { domain: 'tenant.eu.auth0.com', audience: 'https://api.example.com' };
 * ```
 */
export interface Auth0PresetOptions {
  /**
   * The tenant's domain (`tenant.eu.auth0.com`) or a custom domain (`login.example.com`).
   * Tokens issued through each domain carry that domain in `iss`: list every domain your
   * clients log in through.
   */
  readonly domain?: string | readonly string[];
  /** The same as URLs (`https://tenant.eu.auth0.com`), as Auth0's SDKs name it; for tests, a loopback issuer. */
  readonly issuerBaseURL?: string | readonly string[];
  /** The API's identifier (its `audience` in the Auth0 dashboard). Required. */
  readonly audience: string | readonly string[];
  /** Signing algorithms: `RS256`, and `PS256` if the tenant signs with it. Default `['RS256']`. */
  readonly algorithms?: readonly ('RS256' | 'PS256')[];
  /**
   * The full name of the custom claim an Action writes roles to, e.g.
   * `https://example.com/roles`. Default: none (the authenticator's default, `roles`).
   */
  readonly rolesClaim?: string;
}

/**
 * Options for Auth0 access tokens: issuer `https://{domain}/`, RS256, scopes from `scope`
 * and `permissions`, roles from your namespaced claim. With one domain the keys are read
 * from `https://{domain}/.well-known/jwks.json`; with several, each issuer's discovery
 * document names them.
 *
 * @example
 * ```ts
 * app.use(jwtAuth(presets.auth0({
 *   domain: ['tenant.eu.auth0.com', 'login.example.com'],
 *   audience: 'https://api.example.com',
 *   rolesClaim: 'https://example.com/roles',
 * })));
 * ```
 */
export function auth0(options: Auth0PresetOptions): PresetOptions {
  const { domain, issuerBaseURL, audience, rolesClaim } = optionsObject('auth0', options);
  if ((domain === undefined) === (issuerBaseURL === undefined)) {
    throw presetError('auth0', 'domain', 'or "issuerBaseURL" is required (exactly one of them)');
  }
  const origins =
    domain === undefined
      ? stringList('auth0', 'issuerBaseURL', issuerBaseURL).map((url) =>
          baseUrl('auth0', 'issuerBaseURL', url, { path: false }),
        )
      : stringList('auth0', 'domain', domain).map(
          (host) => `https://${hostName('auth0', 'domain', host, 'issuerBaseURL')}`,
        );
  // Auth0's `iss` ends in a slash; the verifier compares it exactly.
  const issuers = [...new Set(origins)].map((origin) => `${origin}/`);
  if (rolesClaim !== undefined && (typeof rolesClaim !== 'string' || rolesClaim === '')) {
    throw presetError('auth0', 'rolesClaim', 'must be the custom claim’s full name');
  }
  return presetOptions({
    issuer: issuers.length === 1 ? issuers[0]! : issuers,
    audience: stringList('auth0', 'audience', audience),
    algorithms: algorithmList('auth0', options.algorithms, ['RS256'], ['RS256', 'PS256']),
    jwksUri: issuers.length === 1 ? `${issuers[0]}.well-known/jwks.json` : undefined,
    // One segment: a namespaced name is a URL full of dots that must not walk objects.
    rolesClaim: rolesClaim === undefined ? undefined : [rolesClaim],
    scopesClaim: auth0Scopes,
  });
}

/** Auth0 grants OAuth scopes in `scope` and, with RBAC, API permissions in `permissions`. */
function auth0Scopes(payload: JWTPayload): string[] {
  return [...delimitedItems(payload, ['scope']), ...stringItems(payload, ['permissions'])];
}
