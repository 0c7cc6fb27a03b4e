/**
 * Which issuer verifies a token: from its unverified `iss`, the trusted issuer's rules,
 * key source and signature path (its "route"), or a refusal before any key is looked up.
 * Issuers are kept in bounded LRU maps, so a resolver admitting many cannot grow memory
 * without limit; every issuer has its own key source (discovery, cache, cooldown,
 * stale-if-error).
 */
import { createError, JwtGuardError } from '../errors/jwt-guard-error.js';
import { slashHint } from '../errors/refusal-hint.js';
import { type OpaqueRouter, opaqueRouter } from '../introspection/opaque-routing.js';
import type { KeySetGeneration } from '../keys/key-set-generation.js';
import { urlPolicyProblem } from '../keys/url-policy.js';
import { admissionOf } from './issuer-admission.js';
import { createIssuerCache } from './issuer-cache.js';
import { type ResolvedIssuerConfig, resolveIssuerConfig, topLevelKeys } from './issuer-config.js';
import type { IssuerRoute } from './issuer-route.js';
import { createRouteBuilder, type RouteBuilder } from './route-builder.js';
import type { IssuerConfig, ResolvedVerifierOptions, TrustedIssuers } from './verifier-options.js';

export type { IssuerRoute } from './issuer-route.js';

/** Finds routes by issuer. */
export interface IssuerRoutes {
  /**
   * The route for an unverified `iss`; throws (or rejects with) `ERR_ISSUER_MISMATCH`
   * for an issuer not trusted, and `ERR_ISSUER_UNAVAILABLE` when a resolver fails.
   */
  route(iss: unknown, request: unknown): IssuerRoute | Promise<IssuerRoute>;
  /** Whether a refusal is the same for every request (a fixed list), so may be remembered. */
  readonly refusalsAreFinal: boolean;
  /** Loads the keys of every issuer known in advance (a list; a resolver's are not). */
  warm(): Promise<void>;
  /**
   * The issuer an opaque token goes to for introspection (`undefined`: none may have it);
   * absent when no listed issuer introspects opaque tokens.
   */
  readonly opaqueIssuer?: OpaqueRouter | undefined;
}

/**
 * Creates the routes of one verifier.
 *
 * @example
 * ```ts
 * const routes = createIssuerRoutes(resolveVerifierOptions(options), Date.now, createKeySetGeneration());
 * const route = await routes.route(readUnverifiedClaims(token).iss, request);
 * ```
 */
export function createIssuerRoutes(
  resolved: ResolvedVerifierOptions,
  now: () => number,
  generation: KeySetGeneration,
): IssuerRoutes {
  // Issue 19 §1.1: a resolver's issuers are on probation until one of their tokens
  // verifies (a fetch budget; no eviction of established issuers by unverified traffic).
  const admission = admissionOf(resolved, now);
  const build = createRouteBuilder(resolved, now, admission, generation);
  const { trusted } = resolved;
  return trusted.kind === 'list'
    ? listedRoutes(resolved, trusted, build)
    : resolverRoutes(resolved, trusted, build, admission);
}

type Listed = Extract<TrustedIssuers, { kind: 'list' }>;
type Resolver = Extract<TrustedIssuers, { kind: 'resolver' }>;

function listedRoutes(
  resolved: ResolvedVerifierOptions,
  trusted: Listed,
  build: RouteBuilder,
): IssuerRoutes {
  // Validated now: a listed issuer's mistake fails at creation, never per request.
  const configs = new Map(
    [...trusted.issuers].map((iss, index) => [
      iss,
      listedIssuer(resolved, iss, trusted.configs.get(iss), `issuer[${index}]`),
    ]),
  );
  const routes = new Map<string, IssuerRoute>();
  const routeOf = (iss: string) => {
    let route = routes.get(iss);
    if (!route) {
      route = build(iss, configs.get(iss) as ResolvedIssuerConfig);
      routes.set(iss, route);
    }
    return route;
  };
  return {
    refusalsAreFinal: true,
    opaqueIssuer: opaqueRouter(
      [...configs].flatMap(([issuer, { introspection }], index) =>
        introspection !== undefined && introspection.tokens !== 'jwt'
          ? [{ issuer, introspection, where: `issuer[${index}]` }]
          : [],
      ),
    ),
    async warm() {
      await Promise.all([...trusted.issuers].map((iss) => routeOf(iss).keySource.warm?.()));
    },
    route(iss) {
      // A Set holds strings only: any other `iss` is not in it.
      if (!trusted.issuers.has(iss as string)) {
        resolved.events?.({ type: 'issuer-refused' });
        throw createError('ERR_ISSUER_MISMATCH', {
          hint: slashHint('iss', iss, trusted.issuers),
        });
      }
      return routeOf(iss as string);
    },
  };
}

function resolverRoutes(
  resolved: ResolvedVerifierOptions,
  trusted: Resolver,
  build: RouteBuilder,
  admission: ReturnType<typeof admissionOf>,
): IssuerRoutes {
  const emit = resolved.events;
  // A resolver may build a new config object per call: a route is reused while the
  // config it was built from is the same object, or equal in every field.
  const routes = createIssuerCache<{ config: IssuerConfig; route: IssuerRoute }>(
    resolved.maxIssuers,
    admission,
  );
  const routeFor = (iss: string, config: IssuerConfig | undefined): IssuerRoute => {
    if (config === undefined) {
      emit?.({ type: 'issuer-refused' });
      throw createError('ERR_ISSUER_MISMATCH');
    }
    const kept = routes.get(iss);
    if (kept && sameConfig(kept.config, config)) return kept.route;
    const issuer = resolveIssuerConfig(resolved, iss, config, 'issuer resolver result');
    // Issue 19 §1.3: an admitted `iss` that discovery would fetch meets the URL policy a
    // configured issuer meets, before any fetch: a resolver matching by prefix admitted
    // `https://tenants.example.com@evil.example/`, and discovery then fetched evil.example.
    if (fetchesIssuer(issuer) && urlPolicyProblem(iss) !== undefined) {
      emit?.({ type: 'issuer-refused', reason: 'url-policy' });
      throw createError('ERR_ISSUER_MISMATCH');
    }
    const route = build(iss, issuer);
    routes.set(iss, { config, route }, iss);
    return route;
  };
  return {
    refusalsAreFinal: false,
    // A resolver's issuers are known only when their tokens arrive.
    warm: async () => undefined,
    route(iss, request) {
      if (typeof iss !== 'string' || iss === '') {
        emit?.({ type: 'issuer-refused' });
        throw createError('ERR_ISSUER_MISMATCH');
      }
      let config: ReturnType<typeof trusted.resolve>;
      try {
        config = trusted.resolve(iss, request);
      } catch (error) {
        throw unavailable(error);
      }
      return config instanceof Promise
        ? config.then(
            (found) => routeFor(iss, found),
            (error) => Promise.reject(unavailable(error)),
          )
        : routeFor(iss, config);
    },
  };
}

// A resolver that fails cannot say whether the issuer is trusted: 503, like keys that
// cannot be had. A TypeError (a config that is not valid) stays a programming error.
function unavailable(error: unknown): unknown {
  if (error instanceof JwtGuardError || error instanceof TypeError) return error;
  return createError('ERR_ISSUER_UNAVAILABLE');
}

function sameConfig(a: IssuerConfig, b: IssuerConfig): boolean {
  // The very same object compares equal field by field too (functions by identity).
  return (
    sameList(a.audience, b.audience) &&
    sameList(a.algorithms, b.algorithms) &&
    a.jwksUri === b.jwksUri &&
    a.keySource === b.keySource &&
    sameSecret(a.secret, b.secret) &&
    sameList(a.rolesClaim, b.rolesClaim) &&
    sameList(a.scopesClaim, b.scopesClaim) &&
    sameChecks(a.claims, b.claims) &&
    sameFields(a.introspection, b.introspection)
  );
}

// A resolver may build its `introspection` object anew per call: equal fields, same route.
function sameFields(a: object | undefined, b: object | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  const entries = Object.entries(a);
  return (
    entries.length === Object.keys(b).length &&
    entries.every(([name, value]) => (b as Record<string, unknown>)[name] === value)
  );
}

function sameSecret(a: IssuerConfig['secret'], b: IssuerConfig['secret']): boolean {
  if (a === b) return true;
  if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array) || a.length !== b.length) {
    return false;
  }
  return a.every((byte, index) => byte === b[index]);
}

function sameList(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((item, index) => item === b[index]);
}

function sameChecks(a: IssuerConfig['claims'], b: IssuerConfig['claims']): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  const names = Object.keys(a);
  if (names.length !== Object.keys(b).length) return false;
  return names.every((name) => Object.hasOwn(b, name) && sameList(a[name], b[name]));
}

// Discovery starts at the issuer's own URL when no JWKS, key source or secret is given.
const fetchesIssuer = ({ keys }: ResolvedIssuerConfig) =>
  keys.kind === 'jwks' && keys.jwksUri === undefined;

// A listed issuer: its own config, or the top-level options as they are.
function listedIssuer(
  resolved: ResolvedVerifierOptions,
  iss: string,
  config: IssuerConfig | undefined,
  where: string,
): ResolvedIssuerConfig {
  if (config !== undefined) return resolveIssuerConfig(resolved, iss, config, where);
  const rules = { ...resolved.rules, claims: { ...resolved.rules.claims, issuer: iss } };
  return { rules, keys: topLevelKeys(resolved), claims: undefined };
}
