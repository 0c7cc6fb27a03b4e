/**
 * The Keycloak preset: access tokens of a realm. Keycloak puts realm roles in
 * `realm_access.roles` and each client's roles in `resource_access.{client}.roles`, marks
 * access tokens with a `typ: "Bearer"` claim (ID tokens say `ID`), and names the client
 * the token was issued to in `azp`.
 */
import type { JWTPayload } from 'jose';
import type { ClaimChecks } from '../claims/claim-checks.js';
import { stringItems } from './claim-strings.js';
import type { PresetOptions } from './types.js';
import {
  algorithmList,
  baseUrl,
  flag,
  optionsObject,
  presetError,
  presetOptions,
  stringList,
} from './validate.js';

/**
 * Options of {@link keycloak}.
 *
 * @example
 * ```ts
 * const options: KeycloakPresetOptions = { url: 'https://sso.example.com', realm: 'shop', audience: 'orders-api' };
 * ```
 */
export interface KeycloakPresetOptions {
  /** The server's URL, as keycloak-js names it; include `/auth` for Keycloak before 17. */
  readonly url: string;
  /** The realm's name. */
  readonly realm: string;
  /**
   * The audience your tokens carry. Required: Keycloak access tokens say `account` unless an
   * audience mapper adds your API; `null` skips the check, explicitly.
   */
  readonly audience: string | readonly string[] | null;
  /** The client(s) tokens must be issued to (`azp`). Default: any client of the realm. */
  readonly clientId?: string | readonly string[];
  /** The client whose client roles count (Keycloak's `resource`). Default: `clientId`, when it is one. */
  readonly resource?: string;
  /** Count only the client roles of `resource`, not realm roles. Default `false`. */
  readonly clientRolesOnly?: boolean;
  /** Signing algorithms, as the realm's keys are configured. Default `['RS256']`. */
  readonly algorithms?: readonly string[];
}

// Unreserved URL characters (RFC 3986 §2.3): the realm goes into the issuer as it is.
const REALM = /^[A-Za-z0-9._~-]+$/;

/**
 * Options for Keycloak access tokens: issuer `{url}/realms/{realm}`, keys at
 * `{issuer}/protocol/openid-connect/certs`, `typ: "Bearer"` required, roles from
 * `realm_access.roles` together with `resource_access.{resource}.roles` (one namespace:
 * a realm role and a client role of the same name are the same role to `requireRole`),
 * scopes from `scope`.
 *
 * @example
 * ```ts
 * app.use(jwtAuth(presets.keycloak({
 *   url: 'https://sso.example.com',
 *   realm: 'shop',
 *   audience: 'orders-api',
 *   clientId: 'shop-web',
 *   resource: 'orders-api',
 * })));
 * ```
 */
export function keycloak(options: KeycloakPresetOptions): PresetOptions {
  const { realm, audience, clientId, resource } = optionsObject('keycloak', options);
  const url = baseUrl('keycloak', 'url', options.url, { path: true });
  if (typeof realm !== 'string' || !REALM.test(realm) || realm === '.' || realm === '..') {
    throw presetError(
      'keycloak',
      'realm',
      'must be a realm name of letters, digits, ".", "_", "~" or "-"',
    );
  }
  if (audience === undefined) {
    throw presetError(
      'keycloak',
      'audience',
      'is required: the audience an audience mapper adds to your tokens, or null to skip the check',
    );
  }
  const clients = clientId === undefined ? undefined : stringList('keycloak', 'clientId', clientId);
  if (resource !== undefined && (typeof resource !== 'string' || resource === '')) {
    throw presetError('keycloak', 'resource', 'must be a client id');
  }
  const roleClient = resource ?? (clients?.length === 1 ? clients[0] : undefined);
  const clientRolesOnly = flag('keycloak', 'clientRolesOnly', options.clientRolesOnly);
  if (clientRolesOnly && roleClient === undefined) {
    throw presetError('keycloak', 'clientRolesOnly', 'needs "resource" (or a single "clientId")');
  }
  const issuer = `${url}/realms/${realm}`;
  const claims: ClaimChecks = { typ: 'Bearer', ...(clients ? { azp: clients } : {}) };
  return presetOptions({
    issuer,
    audience: audience === null ? null : stringList('keycloak', 'audience', audience),
    algorithms: algorithmList('keycloak', options.algorithms, ['RS256']),
    jwksUri: `${issuer}/protocol/openid-connect/certs`,
    rolesClaim: keycloakRoles(roleClient, clientRolesOnly),
    scopesClaim: Object.freeze(['scope']),
    claims,
  });
}

function keycloakRoles(client: string | undefined, clientRolesOnly: boolean) {
  // Array paths: a client id may contain dots, which must not walk into objects.
  const clientRoles = (payload: JWTPayload) =>
    client === undefined ? [] : stringItems(payload, ['resource_access', client, 'roles']);
  return clientRolesOnly
    ? clientRoles
    : (payload: JWTPayload) => [
        ...stringItems(payload, ['realm_access', 'roles']),
        ...clientRoles(payload),
      ];
}
