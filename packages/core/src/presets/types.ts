/**
 * The shape every preset returns: a subset of the authenticator's options, built from
 * core's own types so that a preset's result can be passed to `jwtAuth` as it is.
 */
import type { RolesClaim, ScopesClaim } from '../auth-info.js';
import type { ClaimChecks } from '../claims/claim-checks.js';
import type { IssuerResolver } from '../verify/verifier-options.js';

/**
 * The options a preset returns: spread them into `jwtAuth` (or pass them as they are),
 * and add your own beside them. Frozen; absent fields are left out, not `undefined`.
 *
 * @example
 * ```ts
 * const options: PresetOptions = presets.okta({ domain: 'dev-1.okta.com' });
 * app.use(jwtAuth({ ...options, realm: 'orders' }));
 * ```
 */
export interface PresetOptions {
  readonly issuer: string | readonly string[] | IssuerResolver;
  readonly audience: string | readonly string[] | null;
  readonly algorithms: readonly string[];
  readonly jwksUri?: string;
  readonly rolesClaim?: RolesClaim;
  readonly scopesClaim?: ScopesClaim;
  readonly claims?: ClaimChecks;
}
