/**
 * How one trusted issuer's route is built: its key source (its own, a secret's, or a
 * JWKS source kept by what it fetches), its signature path (node:crypto on Node, jose
 * elsewhere) and, for a resolver's issuer, its admission guard.
 */
import { createIntrospector, type Introspector } from '../introspection/introspector.js';
import { jwtResponseVerifier } from '../introspection/jwt-response.js';
import type { KeySetGeneration } from '../keys/key-set-generation.js';
import { createKeySource, type JwksKeySource, type KeySource } from '../keys/key-source.js';
import { createSecretKeySource } from '../keys/secret-key-source.js';
import { loadNodeCrypto } from '../signature/node/node-crypto.js';
import { createNodeSignedTokenVerifier } from '../signature/node/verify-signed-token-node.js';
import type { VerificationRules, VerifySignedToken } from '../signature/signed-token.js';
import { createSignedTokenVerifier } from '../signature/verify-signed-token.js';
import type { IssuerAdmission } from './issuer-admission.js';
import { createIssuerCache } from './issuer-cache.js';
import { authInfoMaker } from './issuer-claims.js';
import type { ResolvedIssuerConfig } from './issuer-config.js';
import type { IssuerRoute } from './issuer-route.js';
import type { ResolvedVerifierOptions } from './verifier-options.js';

/** Builds the route of an issuer from its resolved config. */
export type RouteBuilder = (iss: string, config: ResolvedIssuerConfig) => IssuerRoute;

/**
 * Creates the route builder of one verifier. Every issuer has its own keys (issue 19
 * §1.2): its own source or secret as given, or a JWKS source kept by what it fetches, so
 * an issuer keeps its keys (cache, cooldown, backoff) across a resolver's answers that
 * name the same set.
 *
 * @example
 * ```ts
 * const build = createRouteBuilder(resolved, Date.now, admissionOf(resolved, Date.now), generation);
 * const route = build(iss, resolveIssuerConfig(resolved, iss, config, 'issuer'));
 * ```
 */
export function createRouteBuilder(
  resolved: ResolvedVerifierOptions,
  now: () => number,
  admission: IssuerAdmission | undefined,
  generation: KeySetGeneration,
): RouteBuilder {
  const keySources = createIssuerCache<JwksKeySource>(resolved.maxIssuers, admission);
  // Kept by what it fetches and which keys it keeps (a set is loaded for its algorithms).
  const jwksSourceFor = (iss: string, jwksUri: string | undefined, rules: VerificationRules) => {
    const key = JSON.stringify([iss, jwksUri, [...rules.header.algorithms]]);
    let source = keySources.get(key);
    if (!source) {
      const fetch = admission?.fetchFor(iss);
      source = jwksSourceOf(resolved, { issuer: iss, jwksUri, rules, now, generation, fetch });
      keySources.set(key, source, iss);
    }
    return source;
  };
  return (iss, config) => {
    resolved.events?.({ type: 'issuer-resolved', issuer: iss });
    const { keySource, heldUntil, unknownKeyStandsUntil } = keysOf(config.keys, (uri) =>
      jwksSourceFor(iss, uri, config.rules),
    );
    const verifySigned = signaturePathOf(resolved, config, keySource);
    return {
      issuer: iss,
      rules: config.rules,
      verifySigned: admission ? admission.guard(iss, verifySigned) : verifySigned,
      holds: keySource.holds?.bind(keySource),
      heldUntil,
      unknownKeyStandsUntil,
      keySource,
      authInfo: authInfoMaker(config.claims),
      introspector: introspectorOf(resolved, iss, config, keySource, now, admission?.fetchFor(iss)),
    };
  };
}

// The issuer's introspection; its signed answers (RFC 9701) verify with its own keys.
function introspectorOf(
  resolved: ResolvedVerifierOptions,
  issuer: string,
  { introspection, rules }: ResolvedIssuerConfig,
  keySource: KeySource,
  now: () => number,
  fetch = resolved.fetch,
): Introspector | undefined {
  if (introspection === undefined) return undefined;
  const { clientId } = introspection;
  return createIntrospector(introspection, {
    issuer,
    fetch,
    store: resolved.store,
    now,
    maxMetadataBytes: resolved.jwks.maxResponseBytes,
    verifyJwt: jwtResponseVerifier({
      issuer,
      clientId,
      keySource,
      algorithms: rules.header.algorithms,
    }),
  });
}

/** An issuer's key source, and what only a source the verifier built can answer. */
type RouteKeys = Pick<IssuerRoute, 'keySource' | 'heldUntil' | 'unknownKeyStandsUntil'>;

// Only a source built here moves the verifier's key-set generation, so only its answers
// may stand without asking again (a key held, a key unknown).
function keysOf(
  keys: ResolvedIssuerConfig['keys'],
  jwksSourceFor: (jwksUri: string | undefined) => JwksKeySource,
): RouteKeys {
  switch (keys.kind) {
    case 'jwks': {
      const keySource = jwksSourceFor(keys.jwksUri);
      const { heldUntil, unknownKeyStandsUntil } = keySource;
      return { keySource, heldUntil, unknownKeyStandsUntil };
    }
    case 'source':
      return { keySource: keys.keySource };
    case 'secret':
      return { keySource: createSecretKeySource(keys.secret) };
  }
}

/** What one issuer's JWKS source is made of, beside the verifier's options. */
interface JwksSourceParts {
  readonly issuer: string;
  readonly jwksUri: string | undefined;
  readonly rules: VerificationRules;
  readonly now: () => number;
  readonly generation: KeySetGeneration;
  // A resolver's issuer fetches through its admission (budgeted while on probation).
  readonly fetch: typeof fetch | undefined;
}

// The issuer's JWKS, at `jwksUri` or found by discovery.
function jwksSourceOf(resolved: ResolvedVerifierOptions, parts: JwksSourceParts): JwksKeySource {
  return createKeySource({
    ...resolved.jwks,
    issuer: parts.issuer,
    jwksUri: parts.jwksUri,
    algorithms: [...parts.rules.header.algorithms],
    fetch: parts.fetch ?? resolved.fetch,
    now: parts.now,
    store: resolved.store,
    events: resolved.events,
    generation: parts.generation,
  });
}

// node:crypto where the runtime is Node (several times faster there), jose elsewhere.
// HMAC (a secret) stays on jose; the Node path serves the asymmetric algorithms.
function signaturePathOf(
  resolved: ResolvedVerifierOptions,
  { rules, keys }: ResolvedIssuerConfig,
  keySource: KeySource,
): VerifySignedToken {
  const viaJose = createSignedTokenVerifier(rules, keySource);
  const nodeCrypto = resolved.nodeCrypto && keys.kind !== 'secret' ? loadNodeCrypto() : undefined;
  return nodeCrypto
    ? createNodeSignedTokenVerifier(rules, keySource, nodeCrypto, viaJose)
    : viaJose;
}
