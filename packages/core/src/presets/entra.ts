/**
 * The Microsoft Entra ID preset: access tokens for your API from one tenant, or from many
 * (`common`, `organizations`). Entra names tenants in `iss` by id, so a single tenant is
 * given by its id; v1.0 and v2.0 tokens have different issuers and share the tenant's keys.
 */
import {
  entraIssuerResolver,
  isTenantId,
  PERSONAL_ACCOUNTS_TENANT,
  tenantKeysUrl,
  v2Issuer,
} from './entra-issuers.js';
import type { PresetOptions } from './types.js';
import {
  baseUrl,
  flag,
  optionsObject,
  presetError,
  presetOptions,
  stringList,
} from './validate.js';

/**
 * Options of {@link entra}.
 *
 * @example
 * ```ts
 * const options: EntraPresetOptions = { tenant: 'organizations', audience: clientId, tenants: [tidA, tidB] };
 * ```
 */
export interface EntraPresetOptions {
  /**
   * A tenant id (GUID) for a single-tenant API, or `common` (work, school and personal
   * accounts) or `organizations` (work and school only) for a multi-tenant one. A domain
   * is refused: tokens carry the tenant id, and matching a domain would need a lookup.
   */
  readonly tenant: string;
  /**
   * The API's client id (the `aud` of v2.0 tokens) and/or its Application ID URI such as
   * `api://orders` (the `aud` of v1.0 tokens). Required.
   */
  readonly audience: string | readonly string[];
  /** With `common` or `organizations`: the only tenant ids accepted. Default: every tenant. */
  readonly tenants?: readonly string[];
  /** Accept v1.0 tokens (`iss` `https://sts.windows.net/{tid}/`) as well. Default `false`. */
  readonly acceptV1?: boolean;
  /**
   * The cloud's sign-in host, as `authorityHost` in Azure's SDKs: `https://login.microsoftonline.us`
   * (US Government), `https://login.chinacloudapi.cn` (China). Default `https://login.microsoftonline.com`.
   */
  readonly authorityHost?: string;
  /**
   * Host of v1.0 issuers, with `acceptV1`. Default `https://sts.windows.net` for the global
   * cloud and `https://sts.chinacloudapi.cn` for China; required for any other `authorityHost`.
   */
  readonly v1IssuerHost?: string;
}

const GLOBAL_AUTHORITY = 'https://login.microsoftonline.com';
const V1_ISSUER_HOSTS: Readonly<Record<string, string>> = {
  [GLOBAL_AUTHORITY]: 'https://sts.windows.net',
  'https://login.chinacloudapi.cn': 'https://sts.chinacloudapi.cn',
};

/**
 * Options for Entra ID access tokens: RS256, delegated scopes in `scp`, app roles (and
 * application permissions) in `roles`. A single tenant's v2.0 tokens have one issuer; with
 * `acceptV1` or a multi-tenant `tenant`, `issuer` is a resolver that takes the tenant from
 * `iss`, requires the same `tid` claim, and reads that tenant's keys.
 *
 * @example
 * ```ts
 * app.use(jwtAuth(presets.entra({
 *   tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47',
 *   audience: ['api://orders', '00000000-1111-2222-3333-444444444444'],
 * })));
 * ```
 */
export function entra(options: EntraPresetOptions): PresetOptions {
  const { tenant, tenants } = optionsObject('entra', options);
  const multiTenant = tenant === 'common' || tenant === 'organizations';
  if (!multiTenant && !isTenantId(tenant)) {
    throw presetError(
      'entra',
      'tenant',
      'must be a tenant id (GUID), "common" or "organizations"; a domain cannot be used, as tokens name their tenant by id',
    );
  }
  const allowed = tenants === undefined ? undefined : tenantAllowlist(tenant, tenants);
  const authorityHost =
    options.authorityHost === undefined
      ? GLOBAL_AUTHORITY
      : baseUrl('entra', 'authorityHost', options.authorityHost, { path: false });
  const acceptV1 = flag('entra', 'acceptV1', options.acceptV1);
  const v1IssuerHost = v1Host(acceptV1, authorityHost, options.v1IssuerHost);
  const shared = {
    audience: stringList('entra', 'audience', options.audience),
    algorithms: Object.freeze(['RS256']),
    rolesClaim: Object.freeze(['roles']),
    scopesClaim: Object.freeze(['scp']),
  };
  const single = multiTenant ? undefined : tenant.toLowerCase();
  if (single !== undefined && !acceptV1) {
    return presetOptions({
      ...shared,
      issuer: v2Issuer(authorityHost, single),
      jwksUri: tenantKeysUrl(authorityHost, single),
    });
  }
  const acceptsTenant =
    single !== undefined
      ? (tid: string) => tid === single
      : allowed !== undefined
        ? (tid: string) => allowed.has(tid)
        : tenant === 'organizations'
          ? (tid: string) => tid !== PERSONAL_ACCOUNTS_TENANT
          : () => true;
  return presetOptions({
    ...shared,
    issuer: entraIssuerResolver({ authorityHost, v1IssuerHost, acceptsTenant }),
  });
}

function tenantAllowlist(tenant: string, tenants: unknown): ReadonlySet<string> {
  if (tenant !== 'common' && tenant !== 'organizations') {
    throw presetError('entra', 'tenants', 'applies only to tenant "common" or "organizations"');
  }
  const ids = stringList('entra', 'tenants', tenants);
  if (!ids.every(isTenantId)) throw presetError('entra', 'tenants', 'must hold tenant ids (GUIDs)');
  const lower = ids.map((id) => id.toLowerCase());
  if (tenant === 'organizations' && lower.includes(PERSONAL_ACCOUNTS_TENANT)) {
    throw presetError(
      'entra',
      'tenants',
      'must not hold the personal-accounts tenant with "organizations"; use "common" to accept personal accounts',
    );
  }
  return new Set(lower);
}

function v1Host(acceptV1: boolean, authorityHost: string, given: unknown): string | undefined {
  if (!acceptV1) {
    if (given !== undefined)
      throw presetError('entra', 'v1IssuerHost', 'applies only with acceptV1');
    return undefined;
  }
  if (given !== undefined) return baseUrl('entra', 'v1IssuerHost', given, { path: false });
  const known = V1_ISSUER_HOSTS[authorityHost];
  if (known === undefined) {
    throw presetError(
      'entra',
      'v1IssuerHost',
      'is required with acceptV1 and this authorityHost (the host of `issuer` in the tenant’s v1.0 metadata)',
    );
  }
  return known;
}
