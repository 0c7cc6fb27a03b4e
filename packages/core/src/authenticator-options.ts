/**
 * The options of `jwtAuth` in every adapter: either the verifier's options, or a shared
 * `verifier`, each beside the options of the request side, grouped by concern: `token`
 * (where tokens come from), `challenge` (how refusals are answered), `binding` (DPoP and
 * certificate binding). Never both: a shared verifier's options apply, and an `issuer` or
 * `audience` given beside it would be silently ignored.
 */
import type { RolesClaim, ScopesClaim } from './auth-info.js';
import type { BindingOptions } from './sender-binding.js';
import type { Verifier } from './verify/verifier.js';
import type { VerifierOptions } from './verify/verifier-options.js';

export type { BindingOptions } from './sender-binding.js';

/**
 * Where `jwtAuth` finds the token besides `Authorization` (RFC 6750 §2). The other methods
 * are off by default, and while off they are ignored.
 *
 * @example
 * ```ts
 * jwtAuth({ issuer, audience, token: { fromCookie: 'access_token' } });
 * ```
 */
export interface TokenOptions<Request = unknown> {
  /** Accept `?access_token=` (RFC 6750 §2.3; tokens in URLs leak into logs). Default `false`. */
  readonly fromQuery?: boolean;
  /** Accept an `access_token` field of a parsed form body (RFC 6750 §2.2). Default `false`. */
  readonly fromFormBody?: boolean;
  /** Name of a cookie that may carry the token. Default: none. */
  readonly fromCookie?: string;
  /** Your own way to find the token; replaces the methods above. Return `undefined` for none. */
  readonly get?: (request: Request) => string | undefined | Promise<string | undefined>;
}

/**
 * What every refusal's `WWW-Authenticate` challenge names (RFC 6750 §3, RFC 9728 §5.1).
 *
 * @example
 * ```ts
 * jwtAuth({ issuer, audience, challenge: { realm: 'shop', resourceMetadata: metadata.url } });
 * ```
 */
export interface ChallengeOptions {
  /** The realm of challenges (RFC 6750 §3): printable ASCII without `"` and `\`. Default `"api"`. */
  readonly realm?: string;
  /**
   * The URL of the API's protected-resource metadata (RFC 9728), named in every challenge as
   * `resource_metadata`: `protectedResourceMetadata(…).url`. Default: none.
   */
  readonly resourceMetadata?: string;
}

/** What `jwtAuth` takes besides the verifier's options: where tokens come from, and how refusals are answered. */
export interface RequestSideOptions<Request = unknown> {
  /** `false` lets requests without a token through with no `auth`; a bad token is still refused. Default `true`. */
  readonly credentialsRequired?: boolean;
  /** Where the token may come from besides `Authorization`. Default: the header only. */
  readonly token?: TokenOptions<Request>;
  /** The challenge of refusals. Default: `realm="api"`. */
  readonly challenge?: ChallengeOptions;
  /** Sender-constrained tokens: DPoP, certificate binding, the API's public origin. Default: off. */
  readonly binding?: BindingOptions;
  /** Where `requireRole` finds roles: a claim path (dots walk objects) or a function. Default `roles`. */
  readonly rolesClaim?: RolesClaim;
  /** Where `requireScope` finds scopes: a claim path or a function. Default: `scope` and `scp`. */
  readonly scopesClaim?: ScopesClaim;
}

/**
 * The options that belong to the verifier alone, `store` included (a shared verifier's
 * store also keeps DPoP proofs' `jti`s): refused beside a shared `verifier`.
 */
export type VerifierOnlyOption = Exclude<keyof VerifierOptions, keyof RequestSideOptions>;

/**
 * `jwtAuth` with a verifier of its own: the verifier's options and the request side's.
 *
 * @example
 * ```ts
 * const options: OwnVerifierOptions = { issuer: 'https://id.example.com/', audience: 'https://api.example.com', challenge: { realm: 'shop' } };
 * ```
 */
export type OwnVerifierOptions<Request = unknown> = VerifierOptions &
  RequestSideOptions<Request> & {
    /** None: the verifier is made from these options. */
    readonly verifier?: undefined;
  };

/**
 * `jwtAuth` with a verifier shared between several middlewares (its keys and verified
 * tokens are shared too): the request side's options only, since the verifier's own apply.
 *
 * @example
 * ```ts
 * const verifier = createVerifier({ issuer, audience });
 * const options: SharedVerifierOptions = { verifier, challenge: { realm: 'shop' }, rolesClaim: 'realm_access.roles' };
 * ```
 */
export type SharedVerifierOptions<Request = unknown> = RequestSideOptions<Request> & {
  /** A verifier made by `createVerifier`, shared between middlewares. */
  readonly verifier: Verifier;
} & { readonly [K in VerifierOnlyOption]?: never };

/**
 * Options of `jwtAuth` in every adapter: the verifier's options, or a shared `verifier`,
 * plus where tokens come from. Giving `verifier` with any of the verifier's own options
 * (`issuer`, `audience`, `jwks`, `store`, `events`…) is a type error, and a `TypeError` at
 * creation.
 *
 * @example
 * ```ts
 * jwtAuth({ issuer: 'https://id.example.com/', audience: 'https://api.example.com' });
 * jwtAuth({ verifier, challenge: { realm: 'shop' }, token: { fromCookie: 'at' } });
 * ```
 */
export type AuthenticatorOptions<Request = unknown> =
  | OwnVerifierOptions<Request>
  | SharedVerifierOptions<Request>;

// Every verifier-only option. The compiler holds the list to VerifierOptions both ways: a
// name that is no such option does not compile (`satisfies`), nor does a new option of the
// verifier missing here (`complete`).
const VERIFIER_ONLY = [
  'issuer',
  'maxIssuers',
  'claims',
  'profile',
  'decryption',
  'audience',
  'jwksUri',
  'secret',
  'algorithms',
  'clockTolerance',
  'maxTokenAge',
  'requireAtJwt',
  'maxTokenBytes',
  'jwks',
  'cache',
  'isRevoked',
  'nodeCrypto',
  'keySource',
  'store',
  'events',
  'fetch',
  'now',
] as const satisfies readonly VerifierOnlyOption[];
type Unlisted = Exclude<VerifierOnlyOption, (typeof VERIFIER_ONLY)[number]>;
const complete: [Unlisted] extends [never] ? true : Unlisted = true;
void complete;

/**
 * Refuses a shared `verifier` given together with options of the verifier's own, which it
 * would silently ignore (issue 19 §2.7): a `TypeError` naming them.
 *
 * @example
 * ```ts
 * assertVerifierAlone({ verifier, audience: 'https://api.example.com' }); // throws TypeError
 * ```
 */
export function assertVerifierAlone(options: object): void {
  const record = options as Record<string, unknown>;
  if (record.verifier === undefined) return;
  const given = VERIFIER_ONLY.filter((name) => record[name] !== undefined);
  if (given.length > 0) {
    const names = given.map((name) => `"${name}"`).join(', ');
    throw new TypeError(
      `jwt-guard: option "verifier" cannot be given with ${names}: a shared verifier's own options apply; give them to createVerifier() instead`,
    );
  }
}
