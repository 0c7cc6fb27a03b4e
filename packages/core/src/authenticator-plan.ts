/**
 * `prepareAuthenticator`: the one-time half of an authenticator. Validates the request
 * side's options, makes (or takes) the verifier, and prepares the sender-binding checks and
 * the policy attached to every `AuthInfo`, all in one frozen plan that the per-request
 * functions of `authenticate-request.ts` take.
 */
import type { AuthPolicy } from './auth-info.js';
import { authInfoWithPolicy } from './auth-info.js';
import { type AuthenticatorOptions, assertVerifierAlone } from './authenticator-options.js';
import { DEFAULT_ROLES_CLAIM } from './defaults.js';
import type { ResolvedDpop } from './dpop/index.js';
import { resolvePublicOrigin } from './dpop/request-url.js';
import type { ChallengeSettings } from './errors/answer.js';
import type { RequestContext } from './request-context.js';
import { challengeSettings, claimPath, requestSideGroups } from './request-side-options.js';
import {
  type BindingOptions,
  prepareSenderBinding,
  type SenderBindingPlan,
} from './sender-binding.js';
import type { ExtractTokenOptions, TokenSources } from './token/extract-token.js';
import type { IssuerClaims } from './verify/issuer-claims.js';
import { createVerifier, type Verifier } from './verify/verifier.js';
import type { VerifierPlan } from './verify/verifier-plan.js';

/**
 * The optional token sources the options turn on; `read` gets it so that an adapter reads
 * only those (each header lookup or body parse costs on every request).
 */
export interface WantedSources {
  readonly formBody: boolean;
  readonly cookie: boolean;
  /** DPoP is on: read the method, the absolute URL and the `DPoP` header(s). */
  readonly dpop?: boolean;
  /** Certificate binding is on: read the client certificate. */
  readonly certificate?: boolean;
  /** The trusted proxy's header carrying the client certificate (RFC 9440), lower-case. */
  readonly certificateHeader?: string | undefined;
}

/** How an adapter turns its framework's request into {@link TokenSources}. */
export type ReadTokenSources<Request> = (
  request: Request,
  wanted: WantedSources,
) => TokenSources | Promise<TokenSources>;

/** Makes an `AuthInfo` that carries its policy (challenge, roles and scopes claims, events). */
export type AuthInfoWithPolicy = ReturnType<typeof authInfoWithPolicy>;

/**
 * What one authenticator holds, made once by {@link prepareAuthenticator} and passed to
 * `authenticateRequest` on every request. Frozen; its only changing part is the cache of
 * issuer policies, made once per issuer config.
 */
export interface AuthenticatorPlan<Request> {
  /** The verifier: the one given as `verifier`, or one made from the options. */
  readonly verifier: Verifier;
  /** @internal The verifier's prepared state. */
  readonly verification: VerifierPlan;
  /** @internal */
  readonly read: ReadTokenSources<Request>;
  /** @internal */
  readonly contextOf: ((request: Request) => RequestContext | undefined) | undefined;
  /** @internal The application's own token finder, replacing `read`. */
  readonly getToken:
    | ((request: Request) => string | undefined | Promise<string | undefined>)
    | undefined;
  /** @internal `credentialsRequired`. */
  readonly required: boolean;
  /** @internal An issuer resolver is asked on cache hits too, and may want the request. */
  readonly resolver: boolean;
  /** @internal DPoP and certificate binding, when either is configured. */
  readonly binding: SenderBindingPlan | undefined;
  /** @internal */
  readonly dpop: ResolvedDpop | undefined;
  /** @internal */
  readonly extractOptions: ExtractTokenOptions;
  /** @internal */
  readonly wanted: WantedSources;
  /** @internal */
  readonly challenge: ChallengeSettings;
  /** @internal The policy of tokens whose issuer config names no claims of its own. */
  readonly policy: AuthPolicy;
  /** @internal */
  readonly toAuthInfo: AuthInfoWithPolicy;
  /** @internal One policy per issuer config that names where its roles or scopes are. */
  readonly issuerPolicies: WeakMap<IssuerClaims, AuthInfoWithPolicy>;
}

/**
 * Validates the options (a `TypeError` names the bad option) and prepares an
 * authenticator: `read` turns the framework's request into {@link TokenSources}, reading
 * only what `wanted` asks for; `contextOf`, where the runtime has one, lends background
 * work a `waitUntil`.
 *
 * @example
 * ```ts
 * const plan = prepareAuthenticator({ issuer, audience }, (req: Request) => ({
 *   authorization: req.headers.get('authorization'),
 * }));
 * const auth = await authenticateRequest(plan, request);
 * ```
 */
export function prepareAuthenticator<Request>(
  options: AuthenticatorOptions<Request>,
  read: ReadTokenSources<Request>,
  contextOf?: (request: Request) => RequestContext | undefined,
): AuthenticatorPlan<Request> {
  assertVerifierAlone(options);
  const groups = requestSideGroups(options);
  const verifier = options.verifier ?? createVerifier(options);
  if (verifier.plan === undefined) {
    throw new TypeError('jwt-guard: option "verifier" must be made by createVerifier()');
  }
  const { token } = groups;
  const policy = policyOptions(options, verifier);
  const binding = bindingPlan(groups.binding, verifier);
  const dpop = binding?.dpop;
  const challenge = challengeSettings(
    groups.challenge.realm,
    groups.challenge.resourceMetadata,
    dpop,
  );
  const extractOptions = {
    tokenFromQuery: token.fromQuery === true,
    tokenFromFormBody: token.fromFormBody === true,
    tokenFromCookie: token.fromCookie,
    maxTokenBytes: verifier.options.maxTokenBytes,
    schemes: dpop === undefined ? 'bearer' : dpop.required ? 'dpop' : 'bearer-dpop',
  } as const;
  const full = { challenge, ...policy };
  return Object.freeze({
    verifier,
    verification: verifier.plan,
    read,
    contextOf,
    getToken: token.get,
    required: options.credentialsRequired !== false,
    resolver: verifier.options.trusted.kind === 'resolver',
    binding,
    dpop,
    extractOptions,
    wanted: wantedSources(extractOptions, binding),
    challenge,
    policy: full,
    // The listener travels with each AuthInfo, so guards report refusals without shared state.
    toAuthInfo: authInfoWithPolicy(full),
    issuerPolicies: new WeakMap(),
  });
}

function policyOptions<Request>(options: AuthenticatorOptions<Request>, verifier: Verifier) {
  return {
    rolesClaim: claimPath(options.rolesClaim, 'rolesClaim') ?? DEFAULT_ROLES_CLAIM,
    scopesClaim: claimPath(options.scopesClaim, 'scopesClaim'),
    events: verifier.options.events,
  };
}

function wantedSources(
  extract: Pick<ExtractTokenOptions, 'tokenFromFormBody' | 'tokenFromCookie'>,
  binding: SenderBindingPlan | undefined,
): WantedSources {
  return {
    formBody: extract.tokenFromFormBody === true,
    cookie: typeof extract.tokenFromCookie === 'string' && extract.tokenFromCookie !== '',
    dpop: binding?.dpop !== undefined,
    certificate: binding?.mtls !== undefined,
    certificateHeader: binding?.mtls?.certificateHeader,
  };
}

// A shared verifier's store keeps the DPoP proofs' `jti`s too, as an own verifier's does:
// a replay seen by one instance of the fleet is refused by all.
function bindingPlan(options: BindingOptions, verifier: Verifier): SenderBindingPlan | undefined {
  if (options.dpop === undefined && options.mtls === undefined) {
    // Validated all the same when no binding uses it: a wrong option fails at creation.
    resolvePublicOrigin(options.publicOrigin, 'binding.publicOrigin');
    return undefined;
  }
  return prepareSenderBinding({ ...options, store: verifier.options.store }, 'binding.');
}

/**
 * The `AuthInfo` maker for a verified token: the plan's own, or, for an issuer whose config
 * says where its roles or scopes are, that issuer's. The mapping comes with the verified
 * token itself (issue 19 §1.7), and each policy is made once from it: nothing depends on
 * which request came before.
 *
 * @example
 * ```ts
 * const info = authInfoMakerFor(plan, issuerClaimsOf(verified))(verified);
 * ```
 */
export function authInfoMakerFor<Request>(
  plan: AuthenticatorPlan<Request>,
  claims: IssuerClaims | undefined,
): AuthInfoWithPolicy {
  if (claims === undefined) return plan.toAuthInfo;
  let own = plan.issuerPolicies.get(claims);
  if (!own) {
    own = authInfoWithPolicy({
      ...plan.policy,
      rolesClaim: claims.rolesClaim ?? plan.policy.rolesClaim,
      scopesClaim: claims.scopesClaim ?? plan.policy.scopesClaim,
    });
    plan.issuerPolicies.set(claims, own);
  }
  return own;
}
