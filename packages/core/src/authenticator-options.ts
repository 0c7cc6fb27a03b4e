/**
 * The options of `jwtAuth` in every adapter: either the verifier's options, or a shared
 * `verifier`, each beside the options of the request side (token sources, realm, roles and
 * scopes claims, DPoP and certificate binding). Never both: a shared verifier's options
 * apply, and an `issuer` or `audience` given beside it would be silently ignored.
 */
import type { RolesClaim, ScopesClaim } from './auth-info.js';
import type { SenderBindingOptions } from './sender-binding.js';
import type { Verifier } from './verify/verifier.js';
import type { VerifierOptions } from './verify/verifier-options.js';

/** What `jwtAuth` takes besides the verifier's options: where tokens come from, and how refusals are answered. */
export interface RequestSideOptions<Request = unknown> extends SenderBindingOptions {
  /** `false` lets requests without a token through with no `auth`; a bad token is still refused. Default `true`. */
  readonly credentialsRequired?: boolean;
  /** Accept `?access_token=` (RFC 6750 §2.3; tokens in URLs leak into logs). Default `false`. */
  readonly tokenFromQuery?: boolean;
  /** Accept an `access_token` field of a parsed form body (RFC 6750 §2.2). Default `false`. */
  readonly tokenFromFormBody?: boolean;
  /** Name of a cookie that may carry the token. Default: none. */
  readonly tokenFromCookie?: string;
  /** Your own way to find the token; replaces the methods above. Return `undefined` for none. */
  readonly getToken?: (request: Request) => string | undefined | Promise<string | undefined>;
  /** Where `requireRole` finds roles: a claim path (dots walk objects) or a function. Default `roles`. */
  readonly rolesClaim?: RolesClaim;
  /** Where `requireScope` finds scopes: a claim path or a function. Default: `scope` and `scp`. */
  readonly scopesClaim?: ScopesClaim;
  /** The realm of challenges (RFC 6750 §3): printable ASCII without `"` and `\`. Default `"api"`. */
  readonly realm?: string;
  /**
   * The URL of the API's protected-resource metadata (RFC 9728), named in every challenge as
   * `resource_metadata`: `protectedResourceMetadata(…).url`. Default: none.
   */
  readonly resourceMetadata?: string;
}

/** The options that belong to the verifier alone: refused beside a shared `verifier`. */
export type VerifierOnlyOption = Exclude<keyof VerifierOptions, keyof RequestSideOptions>;

/**
 * `jwtAuth` with a verifier of its own: the verifier's options and the request side's.
 *
 * @example
 * ```ts
 * const options: OwnVerifierOptions = { issuer: 'https://id.example.com/', audience: 'https://api.example.com', realm: 'shop' };
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
 * const options: SharedVerifierOptions = { verifier, realm: 'shop', rolesClaim: 'realm_access.roles' };
 * ```
 */
export type SharedVerifierOptions<Request = unknown> = RequestSideOptions<Request> & {
  /** A verifier made by `createVerifier`, shared between middlewares. */
  readonly verifier: Verifier;
} & { readonly [K in VerifierOnlyOption]?: never };

/**
 * Options of `jwtAuth` in every adapter: the verifier's options, or a shared `verifier`,
 * plus where tokens come from. Giving `verifier` with any of the verifier's own options
 * (`issuer`, `audience`, `jwks`, `events`…) is a type error, and a `TypeError` at creation.
 *
 * @example
 * ```ts
 * jwtAuth({ issuer: 'https://id.example.com/', audience: 'https://api.example.com' });
 * jwtAuth({ verifier, realm: 'shop' });
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
