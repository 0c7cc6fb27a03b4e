/**
 * The options of `createVerifier`, as given and as resolved. Their one-time validation is
 * in `resolve-verifier-options.ts`.
 */

import type { JWTPayload, ProtectedHeaderParameters } from 'jose';
import type { RolesClaim, ScopesClaim } from '../auth-info.js';
import type { ClaimChecks } from '../claims/claim-checks.js';
import type { DecryptionOptions, ResolvedDecryption } from '../decrypt/index.js';
import type { EventListener } from '../events.js';
import type { IntrospectionOptions } from '../introspection/options.js';
import type { KeySource } from '../keys/key-source.js';
import type { VerificationRules } from '../signature/signed-token.js';
import type { SharedStore } from '../store/shared-store.js';
import type { TokenCacheOptions } from './token-cache.js';

/** How the issuer's key set is fetched and kept. All durations in milliseconds. */
export interface JwksOptions {
  /** Freshness of a key set without `Cache-Control`, and the cap on its `max-age`. Default 600000 (10 min). */
  readonly cacheMaxAge?: number;
  /** Least time between refetches for unknown `kid`s; floor of `max-age`. Default 30000. */
  readonly cooldownDuration?: number;
  /** Longest wait for the issuer. Default 5000. */
  readonly timeoutDuration?: number;
  /** How long past freshness the last good keys still serve while the issuer fails; 0 turns it off. Default 600000. */
  readonly staleIfError?: number;
  /** Largest metadata or JWKS response read, in bytes. Default 262144. */
  readonly maxResponseBytes?: number;
  /**
   * Fetches per minute (discovery and key sets, fleet-wide with a `store`) for issuers a
   * resolver or preset admits but no token has verified yet. Beyond it, their tokens are
   * refused with 401 `ERR_ISSUER_BUDGET_EXCEEDED`; issuers that have verified a token, and a
   * fixed list, are never held to it. A non-negative integer. Default 10.
   */
  readonly newIssuerFetchesPerMinute?: number;
}

/**
 * What one issuer is held to, where it differs from the top-level options: given in the
 * `issuer` list (`{ issuer, ...config }`) or by a resolver. The `iss` itself is still
 * checked exactly after the signature. Its keys are its own: at most one of `jwksUri`,
 * `keySource` and `secret`; without any, its discovery metadata names its JWKS.
 *
 * @example
 * ```ts
 * const config: IssuerConfig = { jwksUri: 'https://id.example.com/keys', rolesClaim: 'groups' };
 * ```
 */
export interface IssuerConfig {
  /** Accepted audience(s) of this issuer's tokens; `null` skips the check. Default: the top-level `audience`. */
  readonly audience?: string | readonly string[] | null;
  /** Accepted `alg` values for this issuer. Default: the top-level `algorithms`. */
  readonly algorithms?: readonly string[];
  /** This issuer's JWKS URL, skipping its discovery. Exclusive with `keySource` and `secret`. */
  readonly jwksUri?: string;
  /** This issuer's own key source instead of its JWKS. Exclusive with `jwksUri` and `secret`. */
  readonly keySource?: KeySource;
  /**
   * This issuer's HMAC secret (at least 32 bytes, never a public key); its `algorithms` then
   * default to `['HS256']` and may hold only HMAC ones. Exclusive with `jwksUri` and `keySource`.
   */
  readonly secret?: string | Uint8Array;
  /** Claim checks for this issuer, on top of the top-level `claims` (e.g. `{ tid: tenantId }`). */
  readonly claims?: ClaimChecks;
  /** Where `requireRole` finds roles in this issuer's tokens. Default: the top-level `rolesClaim`. */
  readonly rolesClaim?: RolesClaim;
  /** Where `requireScope` finds scopes in this issuer's tokens. Default: the top-level `scopesClaim`. */
  readonly scopesClaim?: ScopesClaim;
  /**
   * Token introspection (RFC 7662) at this issuer: its opaque tokens, and with `tokens:
   * 'jwt' | 'both'` its JWTs too. The answer's claims go through the same checks as a
   * verified JWT's. Opaque tokens name no issuer, so only listed issuers receive them; a
   * resolver's `introspection` serves its issuer's JWTs. Default: none.
   */
  readonly introspection?: IntrospectionOptions;
}

/**
 * One listed issuer with rules or keys of its own.
 *
 * @example
 * ```ts
 * const entry: IssuerEntry = { issuer: 'https://hr.example.com/', secret: process.env.HR_SECRET };
 * ```
 */
export type IssuerEntry = { readonly issuer: string } & IssuerConfig;

/**
 * Decides, from a token's unverified `iss`, whether that issuer is trusted here: its
 * {@link IssuerConfig} (`{}` for the top-level options as they are), or `undefined` for
 * a refusal (401, and no network call). `request` is the framework's request when an
 * adapter asks (for a tenant in the host name, say). A throw answers 503.
 *
 * Match the whole `iss` exactly: a `Set` lookup, or a pattern anchored at both ends. A
 * prefix test (`iss.startsWith('https://tenants.example.com')`) also admits
 * `https://tenants.example.com@evil.example/` and `https://tenants.example.com.evil.example/`.
 * An admitted `iss` that would be fetched (no `jwksUri`, `keySource` or `secret` in the
 * answer) must still pass the URL policy (https, or http on loopback; no userinfo, no
 * fragment), or it is refused with 401 and never fetched; but a resolver that matches
 * exactly is the first line.
 *
 * @example
 * ```ts
 * const tenants = new Set(['https://a.example.com/', 'https://b.example.com/']);
 * const issuer: IssuerResolver = (iss) => (tenants.has(iss) ? {} : undefined);
 * ```
 */
export type IssuerResolver = (
  iss: string,
  request: unknown,
) => IssuerConfig | undefined | Promise<IssuerConfig | undefined>;

/** Options of `createVerifier`. `issuer` and `audience` are required. */
export interface VerifierOptions {
  /**
   * Who is trusted: an issuer identifier (tokens' `iss` must equal it exactly; its metadata
   * gives the `jwks_uri` unless `jwksUri` is set), several, or a resolver that decides per
   * `iss`. The unverified `iss` is read first: an issuer not trusted costs no network call.
   * A listed issuer with rules or keys of its own is given as `{ issuer, ...IssuerConfig }`.
   */
  readonly issuer: string | readonly (string | IssuerEntry)[] | IssuerResolver;
  /**
   * Most issuers whose keys are kept at once (least recently used go first). With a
   * resolver, that many issuers that have verified a token and as many others besides, so
   * tokens of never-seen issuers never evict an established one. Default 100.
   */
  readonly maxIssuers?: number;
  /** Claims that must be present with given values, e.g. `{ token_use: 'access' }`. */
  readonly claims?: ClaimChecks;
  /**
   * `'rfc9068'`: the JWT access-token profile in full: `typ` `at+jwt`, and the claims `iss`,
   * `exp`, `aud`, `sub`, `client_id`, `iat` and `jti`. Another kind of token (an ID token)
   * is `ERR_NOT_ACCESS_TOKEN`.
   */
  readonly profile?: 'rfc9068';
  /**
   * Accept encrypted tokens (nested JWT, RFC 7519 §5.2): the resource server's private
   * keys, and the allowed algorithms. A five-part token is decrypted, then its inner signed
   * token is verified as any other. Without it, encrypted tokens are refused.
   */
  readonly decryption?: DecryptionOptions;
  /** Accepted audience(s); a token's `aud` must contain one. `null` skips the check, explicitly. */
  readonly audience: string | readonly string[] | null;
  /** The JWKS URL, skipping discovery. */
  readonly jwksUri?: string;
  /**
   * An HMAC secret (at least 32 bytes) of the one issuer. Exclusive with `jwksUri` and
   * `keySource`; with several issuers, give each its own in its {@link IssuerConfig}.
   */
  readonly secret?: string | Uint8Array;
  /** Accepted `alg` values. Default: the asymmetric algorithms in `DEFAULT_ALGORITHMS`, or `['HS256']` with a `secret`. */
  readonly algorithms?: readonly string[];
  /** Seconds of leeway for `exp`, `nbf` and `iat`. Default 5. */
  readonly clockTolerance?: number;
  /** Largest accepted age of a token, in seconds since `iat` (then `iat` is required). Default: unbounded. */
  readonly maxTokenAge?: number;
  /** Require `typ: at+jwt` (RFC 9068 §2.1). Default `false`: absent, `JWT` and `at+jwt` pass. */
  readonly requireAtJwt?: boolean;
  /**
   * Largest token accepted, in bytes; larger ones are refused before any parsing. Default
   * 16384: every token that fits Node's default 16 KiB header limit.
   */
  readonly maxTokenBytes?: number;
  /** Key set fetching and caching. */
  readonly jwks?: JwksOptions;
  /** The verified-token cache; `false` turns it off. Default: on, 10000 tokens, 16 MiB. */
  readonly cache?: false | TokenCacheOptions;
  /**
   * Called for every request after the token verified (cached or not); `true` refuses it
   * with `ERR_TOKEN_REVOKED`. A throw or rejection answers 503 (fail closed).
   */
  readonly isRevoked?: (
    payload: JWTPayload,
    header: ProtectedHeaderParameters,
  ) => boolean | Promise<boolean>;
  /**
   * On Node, check signatures with `node:crypto` (several times faster than WebCrypto
   * there); `false` keeps jose's WebCrypto path. Other runtimes always use WebCrypto.
   * Default `true`.
   */
  readonly nodeCrypto?: boolean;
  /**
   * A key source of your own instead of the one issuer's JWKS. With several issuers, give
   * each its own in its {@link IssuerConfig}: one key set never serves two issuers.
   */
  readonly keySource?: KeySource;
  /**
   * A store shared by the instances of a fleet (`@jwt-guard/redis`, Workers KV): each
   * issuer's key set is kept there with its freshness, so new processes and cold isolates
   * start warm and the fleet fetches about once per freshness period. With `dpop`, it also
   * holds the proofs' `jti`s, unless `dpop.replayStore` is given.
   */
  readonly store?: SharedStore | undefined;
  /**
   * Told of what happens, as it happens (`JwtGuardEvent`): key sets fetched, failed, served
   * stale or not refetched; tokens accepted or refused (by code, never the token); issuers
   * resolved or refused. For logs and metrics (`@jwt-guard/otel`). No listener, no cost.
   */
  readonly events?: EventListener;
  /** The fetch used for metadata and keys. Default: the global `fetch`. */
  readonly fetch?: typeof fetch;
  /** The clock, in milliseconds since the epoch. Default `Date.now`. */
  readonly now?: () => number;
}

/** Which issuers are trusted, after validation. */
export type TrustedIssuers =
  | {
      readonly kind: 'list';
      readonly issuers: ReadonlySet<string>;
      /** The listed issuers given with a config of their own (`{ issuer, ... }`). */
      readonly configs: ReadonlyMap<string, IssuerConfig>;
    }
  | { readonly kind: 'resolver'; readonly resolve: IssuerResolver };

/** Options after validation, with every default filled in. */
export interface ResolvedVerifierOptions {
  /** The issuer when there is exactly one; `undefined` with several or a resolver. */
  readonly issuer: string | undefined;
  readonly trusted: TrustedIssuers;
  readonly maxIssuers: number;
  readonly profile: 'rfc9068' | undefined;
  readonly decryption: ResolvedDecryption | undefined;
  /** Accepted audiences; `undefined` only for an explicit `audience: null`. */
  readonly audience: readonly string[] | undefined;
  readonly jwksUri: string | undefined;
  readonly secret: Uint8Array | undefined;
  readonly algorithms: readonly string[];
  readonly clockTolerance: number;
  readonly maxTokenAge: number | undefined;
  readonly requireAtJwt: boolean;
  readonly maxTokenBytes: number;
  readonly jwks: Required<JwksOptions>;
  readonly keySource: KeySource | undefined;
  readonly store: SharedStore | undefined;
  /** The listener, wrapped so that its throws are dropped; `undefined` without one. */
  readonly events: EventListener | undefined;
  readonly cache: false | TokenCacheOptions;
  readonly nodeCrypto: boolean;
  readonly isRevoked: VerifierOptions['isRevoked'];
  readonly fetch: typeof fetch;
  readonly now: (() => number) | undefined;
  /**
   * The header and claim rules every token is held to; `claims.issuer` is the single
   * issuer's, and is replaced by each issuer's own when there are several.
   */
  readonly rules: VerificationRules;
}
