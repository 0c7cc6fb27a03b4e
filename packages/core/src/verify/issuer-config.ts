/**
 * One issuer's configuration, validated: its rules, its own keys (a JWKS found by discovery
 * or given, a key source, or an HMAC secret: never one shared with another issuer), and
 * where its tokens carry roles and scopes. For a listed issuer at creation, for a
 * resolver's answer when it is given.
 */
import type { RolesClaim, ScopesClaim } from '../auth-info.js';
import { type ResolvedIntrospection, resolveIntrospection } from '../introspection/options.js';
import type { KeySource } from '../keys/key-source.js';
import { assertFetchableUrl } from '../keys/url-policy.js';
import { fail } from '../options/option-error.js';
import type { VerificationRules } from '../signature/signed-token.js';
import type { IssuerClaims } from './issuer-claims.js';
import { hasOwnKeys, issuerRules, resolveSecret } from './resolve-verifier-options.js';
import type { IssuerConfig, ResolvedVerifierOptions } from './verifier-options.js';

/** Where an issuer's keys come from. */
export type IssuerKeys =
  /** Its JWKS: at `jwksUri`, or found by discovery from the issuer when `undefined`. */
  | { readonly kind: 'jwks'; readonly jwksUri: string | undefined }
  | { readonly kind: 'source'; readonly keySource: KeySource }
  | { readonly kind: 'secret'; readonly secret: Uint8Array };

/** One issuer, ready for a route to be built on it. */
export interface ResolvedIssuerConfig {
  readonly rules: VerificationRules;
  readonly keys: IssuerKeys;
  /** Where its tokens carry roles and scopes; `undefined`: the authenticator's own. */
  readonly claims: IssuerClaims | undefined;
  /** Its token introspection, when it has one. */
  readonly introspection?: ResolvedIntrospection | undefined;
}

/**
 * Validates the config of issuer `iss` (`where` names it in a `TypeError`): rules as
 * {@link issuerRules} makes them, one source of keys, and a roles or scopes claim that is a
 * path or a function. Without keys of its own, an issuer uses the top-level ones, which
 * only a single issuer may have.
 *
 * @example
 * ```ts
 * const { keys } = resolveIssuerConfig(resolved, 'https://hr.example.com/', { secret }, 'issuer');
 * keys.kind; // 'secret'
 * ```
 */
export function resolveIssuerConfig(
  resolved: ResolvedVerifierOptions,
  iss: string,
  config: IssuerConfig,
  where: string,
): ResolvedIssuerConfig {
  if (typeof config !== 'object' || config === null) fail(where, 'must be an object or undefined');
  const keys = hasOwnKeys(config) ? ownKeys(resolved, config, where) : topLevelKeys(resolved);
  const rolesClaim = claimPath(config.rolesClaim, `${where}.rolesClaim`);
  const scopesClaim = claimPath(config.scopesClaim, `${where}.scopesClaim`);
  return {
    rules: issuerRules(resolved, iss, config, where, keys.kind === 'secret'),
    keys,
    introspection:
      config.introspection === undefined
        ? undefined
        : resolveIntrospection(
            config.introspection,
            iss,
            `${where}.introspection`,
            resolved.now ?? Date.now,
          ),
    claims:
      rolesClaim === undefined && scopesClaim === undefined
        ? undefined
        : Object.freeze({ rolesClaim, scopesClaim }),
  };
}

/**
 * The keys of the issuer of the top-level options (a single one): its secret, its key
 * source, or its JWKS.
 *
 * @example
 * ```ts
 * topLevelKeys(resolveVerifierOptions({ issuer, audience, secret })).kind; // 'secret'
 * ```
 */
export function topLevelKeys(resolved: ResolvedVerifierOptions): IssuerKeys {
  if (resolved.secret) return { kind: 'secret', secret: resolved.secret };
  if (resolved.keySource) return { kind: 'source', keySource: resolved.keySource };
  return { kind: 'jwks', jwksUri: resolved.jwksUri };
}

function ownKeys(
  resolved: ResolvedVerifierOptions,
  config: IssuerConfig,
  where: string,
): IssuerKeys {
  if (resolved.secret || resolved.keySource || resolved.jwksUri !== undefined) {
    fail(where, 'gives keys of its own beside the top-level jwksUri, keySource or secret');
  }
  const given = (['jwksUri', 'keySource', 'secret'] as const).filter(
    (name) => config[name] !== undefined,
  );
  // RFC 8725 §3.1: an HMAC secret never sits beside public keys, nor a JWKS beside a source.
  if (given.length > 1) fail(`${where}.${given[0]}`, `cannot be combined with ${given[1]}`);
  if (config.secret !== undefined) {
    return {
      kind: 'secret',
      secret: resolveSecret(config.secret, `${where}.secret`) as Uint8Array,
    };
  }
  if (config.keySource !== undefined) {
    if (typeof config.keySource?.getKey !== 'function') {
      fail(`${where}.keySource`, 'must have a getKey(header) method');
    }
    return { kind: 'source', keySource: config.keySource };
  }
  const jwksUri = config.jwksUri as string;
  assertFetchableUrl(jwksUri, `jwt-guard: option "${where}.jwksUri"`);
  return { kind: 'jwks', jwksUri };
}

function claimPath<T extends RolesClaim | ScopesClaim>(
  value: T | undefined,
  option: string,
): T | undefined {
  if (value === undefined) return undefined;
  if (!['string', 'function'].includes(typeof value) && !Array.isArray(value)) {
    fail(option, 'must be a claim path or a function');
  }
  return value;
}
