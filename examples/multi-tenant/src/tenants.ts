/**
 * The tenants of a multi-tenant API, each with an identity provider of its own, and the
 * issuer resolver that trusts exactly them. A token's unverified `iss` picks its tenant;
 * an issuer that is no tenant's is refused before any key is fetched.
 */
import type { IssuerConfig, IssuerResolver } from '@jwt-guard/express';

/** One customer of the API, as the application's own records would hold it. */
export interface Tenant {
  /** The application's name for the tenant. */
  readonly id: string;
  /** The tenant's identity provider (`iss` of its tokens). */
  readonly issuer: string;
  /** Where this provider puts roles, when not in `roles` (Keycloak: `realm_access.roles`). */
  readonly rolesClaim?: string;
}

/** The tenants, found by issuer, and the resolver for `jwtAuth({ issuer })`. */
export interface TenantDirectory {
  /** The tenant of a verified token's `iss`. */
  tenantOf(iss: unknown): Tenant | undefined;
  readonly resolveIssuer: IssuerResolver;
}

/**
 * Builds the directory. In a real API the tenants come from a database; the resolver may
 * then be async (and a failing lookup answers 503, not 401).
 *
 * @example
 * ```ts
 * const tenants = createTenantDirectory([{ id: 'acme', issuer: 'https://login.acme.example/' }]);
 * app.use(jwtAuth({ issuer: tenants.resolveIssuer, audience: 'https://api.example.com' }));
 * ```
 */
export function createTenantDirectory(tenants: readonly Tenant[]): TenantDirectory {
  const byIssuer = new Map(tenants.map((tenant) => [tenant.issuer, tenant]));
  // One config object per tenant: the verifier reuses its route while the object is the same.
  const configs = new Map<string, IssuerConfig>(
    tenants.map((tenant) => [
      tenant.issuer,
      tenant.rolesClaim === undefined ? {} : { rolesClaim: tenant.rolesClaim },
    ]),
  );
  return {
    tenantOf: (iss) => (typeof iss === 'string' ? byIssuer.get(iss) : undefined),
    resolveIssuer: (iss) => configs.get(iss),
  };
}
