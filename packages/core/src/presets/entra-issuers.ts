/**
 * Entra ID's issuer identifiers, and the resolver that accepts those of many tenants.
 * Multi-tenant metadata names its issuer as a template (`…/{tenantid}/v2.0`), so the
 * tenant comes from the token's `iss` and is then required to match its `tid` claim.
 */
import type { IssuerResolver } from '../verify/verifier-options.js';

/** The tenant of personal Microsoft accounts (outlook.com, xbox.com…): tokens of consumers carry it. */
export const PERSONAL_ACCOUNTS_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';

// Entra writes tenant ids in lower case; an `iss` spelled otherwise is not one it issued.
const TENANT_ID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const TENANT_ID_ANY_CASE = new RegExp(`^${TENANT_ID}$`, 'i');

/**
 * True for a tenant id (a GUID, in either case).
 *
 * @example
 * ```ts
 * isTenantId('72f988bf-86f1-41af-91ab-2d7cd011db47'); // true
 * isTenantId('contoso.onmicrosoft.com'); // false
 * ```
 */
export function isTenantId(value: unknown): value is string {
  return typeof value === 'string' && TENANT_ID_ANY_CASE.test(value);
}

/**
 * The v2.0 issuer of a tenant: `{authorityHost}/{tid}/v2.0`.
 *
 * @example
 * ```ts
 * v2Issuer('https://login.microsoftonline.com', tid); // 'https://login.microsoftonline.com/<tid>/v2.0'
 * ```
 */
export const v2Issuer = (authorityHost: string, tid: string): string =>
  `${authorityHost}/${tid}/v2.0`;

/**
 * The v1.0 issuer of a tenant: `{v1IssuerHost}/{tid}/`, with its trailing slash.
 *
 * @example
 * ```ts
 * v1Issuer('https://sts.windows.net', tid); // 'https://sts.windows.net/<tid>/'
 * ```
 */
export const v1Issuer = (v1IssuerHost: string, tid: string): string => `${v1IssuerHost}/${tid}/`;

/**
 * A tenant's signing keys. v1.0 tokens of the tenant are signed with the same keys.
 *
 * @example
 * ```ts
 * tenantKeysUrl('https://login.microsoftonline.com', tid); // '…/<tid>/discovery/v2.0/keys'
 * ```
 */
export const tenantKeysUrl = (authorityHost: string, tid: string): string =>
  `${authorityHost}/${tid}/discovery/v2.0/keys`;

/** What {@link entraIssuerResolver} accepts. Hosts are origins without a trailing slash. */
export interface EntraIssuerSettings {
  readonly authorityHost: string;
  /** Accept v1.0 issuers on this host too; `undefined`: v2.0 only. */
  readonly v1IssuerHost: string | undefined;
  /** Whether tokens of this (lower-case) tenant id are accepted. */
  readonly acceptsTenant: (tid: string) => boolean;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * An issuer resolver for Entra tenants. It matches the whole `iss` exactly (no prefix,
 * suffix, other host, port or case), takes the tenant id from it, and answers with that
 * tenant's keys and a `tid` check; any other `iss`, or a tenant not accepted, is refused
 * before any key is fetched.
 *
 * @example
 * ```ts
 * const resolve = entraIssuerResolver({
 *   authorityHost: 'https://login.microsoftonline.com',
 *   v1IssuerHost: undefined,
 *   acceptsTenant: (tid) => tid !== PERSONAL_ACCOUNTS_TENANT,
 * });
 * resolve(`https://login.microsoftonline.com/${tid}/v2.0`); // { jwksUri: …, claims: { tid } }
 * ```
 */
export function entraIssuerResolver(settings: EntraIssuerSettings): IssuerResolver {
  const { authorityHost, v1IssuerHost, acceptsTenant } = settings;
  const v2 = new RegExp(`^${escapeRegExp(authorityHost)}/(${TENANT_ID})/v2\\.0$`);
  const v1 =
    v1IssuerHost === undefined
      ? undefined
      : new RegExp(`^${escapeRegExp(v1IssuerHost)}/(${TENANT_ID})/$`);
  return (iss) => {
    if (typeof iss !== 'string') return undefined;
    const tid = v2.exec(iss)?.[1] ?? v1?.exec(iss)?.[1];
    if (tid === undefined || !acceptsTenant(tid)) return undefined;
    return Object.freeze({
      jwksUri: tenantKeysUrl(authorityHost, tid),
      claims: Object.freeze({ tid }),
    });
  };
}
