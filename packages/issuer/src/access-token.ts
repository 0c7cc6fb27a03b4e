/**
 * RFC 9068 access tokens: the claims set, the refusal of custom claims that name a
 * registered one, and the optional nested JWE (RFC 7519 §5.2).
 */
import { CompactEncrypt, importJWK, type JWK } from 'jose';
import { IssuerError } from './issuer-error.js';
import type { TokenSigner } from './sign.js';

/**
 * Claims the issuer sets itself (RFC 7519 §4.1, RFC 9068 §2.2, RFC 7800 §3.1 `cnf`): a
 * custom claim may name none of them, so `claims` can never widen a token's audience,
 * life or subject.
 *
 * @example
 * ```ts
 * const refused = Object.keys(claims).filter((name) => REGISTERED_CLAIMS.has(name));
 * ```
 */
export const REGISTERED_CLAIMS: ReadonlySet<string> = new Set([
  'iss',
  'sub',
  'aud',
  'exp',
  'nbf',
  'iat',
  'jti',
  'client_id',
  'scope',
  'cnf',
]);

/** What `issue()` is asked for. */
export interface IssueInput {
  /** The subject (`sub`): the user's stable id. */
  readonly sub: string;
  /** Granted scopes: a space-separated string or a list. Default: none. */
  readonly scope?: string | readonly string[];
  /** Custom claims; a registered claim name is refused (`ERR_CLAIM_RESERVED`). */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** `aud` of this token. Default: the issuer's `audience`. */
  readonly audience?: string | readonly string[];
  /** `client_id`. Default `'first-party'`. */
  readonly clientId?: string;
  /** RFC 9449 §6.1: the DPoP key's RFC 7638 thumbprint, bound as `cnf.jkt`. */
  readonly dpopJkt?: string;
}

/** The access-token half of what `issue()` answers (RFC 6749 §5.1 names in camelCase). */
export interface IssuedAccessToken {
  /** The signed (or nested, encrypted) JWT. */
  readonly accessToken: string;
  /** `DPoP` when bound to a DPoP key (RFC 9449 §5), else `Bearer`. */
  readonly tokenType: 'Bearer' | 'DPoP';
  /** Seconds. */
  readonly expiresIn: number;
  /** The granted scope, space-separated. */
  readonly scope: string;
  /** The token's `jti`: what a deny list needs to revoke it. */
  readonly jti: string;
  /** The token's `exp`, in seconds since the epoch: how long a deny-list entry must last. */
  readonly exp: number;
}

/** What signing an access token needs besides the input. */
export interface AccessTokenContext {
  /** `iss`. */
  readonly issuer: string;
  /** The default `aud`. */
  readonly audience: string | readonly string[];
  /** Lifetime, ms. */
  readonly ttlMs: number;
  /** The time of issue, ms. */
  readonly now: number;
  /** Signs with the current key. */
  readonly signer: TokenSigner;
  /** The imported `encryptTo` key, when tokens are nested JWEs. */
  readonly encryptTo:
    | { readonly key: CryptoKey | Uint8Array; readonly alg: string; readonly kid?: string }
    | undefined;
}

const invalid = (field: string) => new IssuerError('ERR_ISSUE_INPUT_INVALID', field);
const JKT = /^[A-Za-z0-9_-]{43}$/;
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/; // RFC 6749 §3.3 scope-token

/** Validates `input` and builds the RFC 9068 claims set; throws {@link IssuerError}. */
export function accessTokenClaims(
  input: IssueInput,
  context: Omit<AccessTokenContext, 'signer' | 'encryptTo'>,
  jti: string,
) {
  if (typeof input !== 'object' || input === null) throw invalid('input');
  if (typeof input.sub !== 'string' || input.sub === '') throw invalid('sub');
  const scope = normalizeScope(input.scope);
  const clientId = input.clientId ?? 'first-party';
  if (typeof clientId !== 'string' || clientId === '') throw invalid('clientId');
  const audience = input.audience ?? context.audience;
  const audOk =
    typeof audience === 'string'
      ? audience !== ''
      : Array.isArray(audience) &&
        audience.length > 0 &&
        audience.every((a) => typeof a === 'string' && a !== '');
  if (!audOk) throw invalid('audience');
  if (
    input.dpopJkt !== undefined &&
    (typeof input.dpopJkt !== 'string' || !JKT.test(input.dpopJkt))
  )
    throw invalid('dpopJkt');
  const custom = input.claims ?? {};
  if (typeof custom !== 'object' || custom === null || Array.isArray(custom))
    throw invalid('claims');
  for (const name of Object.keys(custom)) {
    if (REGISTERED_CLAIMS.has(name)) throw new IssuerError('ERR_CLAIM_RESERVED', name);
  }
  const iat = Math.floor(context.now / 1000);
  const exp = iat + Math.floor(context.ttlMs / 1000);
  const claims: Record<string, unknown> = {
    ...custom,
    iss: context.issuer,
    sub: input.sub,
    aud: audience,
    exp,
    iat,
    jti,
    client_id: clientId,
    scope,
  };
  if (input.dpopJkt !== undefined) claims.cnf = { jkt: input.dpopJkt };
  return { claims, scope, exp, iat };
}

function normalizeScope(scope: IssueInput['scope']): string {
  if (scope === undefined) return '';
  const list = typeof scope === 'string' ? scope.split(' ').filter((s) => s !== '') : scope;
  if (!Array.isArray(list) || !list.every((s) => typeof s === 'string' && SCOPE_TOKEN.test(s))) {
    throw invalid('scope');
  }
  return [...new Set(list)].join(' ');
}

/**
 * Signs an access token for `input` (and encrypts it when `encryptTo` is set).
 *
 * @example
 * ```ts
 * const issued = await signAccessToken({ sub: 'alice', scope: 'read' }, context);
 * ```
 */
export async function signAccessToken(
  input: IssueInput,
  context: AccessTokenContext,
): Promise<IssuedAccessToken> {
  const jti = crypto.randomUUID();
  const { claims, scope, exp, iat } = accessTokenClaims(input, context, jti);
  // RFC 9068 §2.1: typ "at+jwt", so that an ID token cannot pass for an access token.
  let accessToken = await context.signer.sign(claims, 'at+jwt');
  if (context.encryptTo) accessToken = await encryptNested(accessToken, context.encryptTo);
  return {
    accessToken,
    tokenType: input.dpopJkt === undefined ? 'Bearer' : 'DPoP',
    expiresIn: exp - iat,
    scope,
    jti,
    exp,
  };
}

function encryptNested(jws: string, target: NonNullable<AccessTokenContext['encryptTo']>) {
  const header = {
    alg: target.alg,
    enc: 'A256GCM',
    cty: 'JWT',
    ...(target.kid ? { kid: target.kid } : {}),
  };
  return new CompactEncrypt(new TextEncoder().encode(jws))
    .setProtectedHeader(header)
    .encrypt(target.key);
}

/** Imports `encryptTo` once: RSA-OAEP-256 for RSA keys, ECDH-ES+A256KW for EC and OKP (RFC 7518 §4). */
export async function importEncryptTo(
  jwk: JWK,
): Promise<NonNullable<AccessTokenContext['encryptTo']>> {
  const alg = jwk.kty === 'RSA' ? 'RSA-OAEP-256' : 'ECDH-ES+A256KW';
  const key = await importJWK(jwk, alg);
  return { key, alg, ...(jwk.kid ? { kid: jwk.kid } : {}) };
}
