/**
 * Why a verification failed, in terms of the token and the options: the unverified claims
 * set against what was configured. Only `iss`, `aud`, `alg`, `kid` and `exp` are ever
 * shown; other claims may be personal data or secrets.
 */

import type { ErrorCode } from '@jwt-guard/core';
import { discoveryUrls } from '@jwt-guard/core/discovery';
import type { JWTPayload, ProtectedHeaderParameters } from 'jose';
import { fetchDocument } from './fetch-document.js';
import { describeNumericDate } from './time.js';
import { differOnlyBySlash } from './trailing-slash.js';

/** What a hint is computed from. */
export interface HintInput {
  readonly code: ErrorCode;
  readonly header: ProtectedHeaderParameters | undefined;
  readonly claims: JWTPayload | undefined;
  readonly issuer: string;
  readonly audience: readonly string[];
  readonly jwksUri: string | undefined;
  /** The allowed algorithms, defaults filled in. */
  readonly algorithms: readonly string[];
  /**
   * `ready()` of a fresh verifier with the same options. Fresh, because a verifier that has
   * just failed reports its penalty state ("no usable key"), not the reason behind it.
   */
  readonly ready: () => Promise<void>;
  readonly nowMs: number;
}

const list = (values: readonly unknown[]) => values.map((value) => String(value)).join(', ');

/**
 * A one-line hint for a failed verification, or `undefined` when there is nothing to add to
 * the code's description. May fetch the key set (for an unknown `kid`) or call
 * `ready()` (for unavailable keys), to name the underlying reason.
 *
 * @example
 * ```ts
 * const hint = await hintFor({ code, header, claims, issuer, audience, jwksUri, algorithms, ready, nowMs });
 * ```
 */
export async function hintFor(input: HintInput): Promise<string | undefined> {
  const { code, header, claims, issuer } = input;
  switch (code) {
    case 'ERR_AUDIENCE_MISMATCH': {
      const aud = claims?.aud;
      const shown = aud === undefined ? 'absent' : Array.isArray(aud) ? list(aud) : String(aud);
      const seen = (Array.isArray(aud) ? aud : [aud]).filter((a) => typeof a === 'string');
      const slash = input.audience.some((one) => seen.some((a) => differOnlyBySlash(a, one)))
        ? ' (they differ only by a trailing slash)'
        : '';
      return `the token's aud is ${shown}; you configured ${list(input.audience)}${slash}`;
    }
    case 'ERR_ISSUER_MISMATCH': {
      const iss = claims?.iss;
      if (typeof iss !== 'string') return `the token has no iss; you configured ${issuer}`;
      const slash = differOnlyBySlash(iss, issuer) ? ' (they differ only by a trailing slash)' : '';
      return `the token's iss is ${iss}; you configured ${issuer}${slash}`;
    }
    case 'ERR_TOKEN_EXPIRED':
      return typeof claims?.exp === 'number'
        ? `the token ${describeNumericDate('exp', claims.exp, Math.floor(input.nowMs / 1000))}`
        : undefined;
    case 'ERR_TOKEN_NOT_YET_VALID':
      return "the token's nbf (or iat) is in the future: a new token, or clocks out of step";
    case 'ERR_ALGORITHM_NOT_ALLOWED':
      return `the token's alg is ${String(header?.alg)}; allowed: ${list(input.algorithms)}`;
    case 'ERR_KEY_NOT_FOUND':
      return unknownKid(input);
    case 'ERR_SIGNATURE_INVALID':
      return `the key with kid ${String(header?.kid)} does not verify the signature: a key replaced under the same kid, or a token from elsewhere`;
    case 'ERR_KEYS_UNAVAILABLE':
    case 'ERR_ISSUER_UNAVAILABLE':
      return input.ready().then(
        () => undefined,
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
    default:
      return undefined;
  }
}

async function unknownKid(input: HintInput): Promise<string> {
  const kid = input.header?.kid;
  const named = kid === undefined ? 'the token names no kid' : `no key with kid ${kid}`;
  try {
    const jwksUri = input.jwksUri ?? (await discoverJwksUri(input.issuer));
    const { json } = await fetchDocument(jwksUri);
    const keys = (json as { keys?: unknown } | null)?.keys;
    const kids = Array.isArray(keys)
      ? keys.map((key) => (key as { kid?: unknown } | null)?.kid ?? '(none)')
      : [];
    return `${named} at ${jwksUri} (the set has kids: ${kids.length ? list(kids) : 'none'})`;
  } catch (error) {
    return `${named}; the key set could not be read: ${(error as Error).message}`;
  }
}

async function discoverJwksUri(issuer: string): Promise<string> {
  let last: unknown;
  for (const url of discoveryUrls(issuer)) {
    try {
      const { json } = await fetchDocument(url);
      const jwksUri = (json as { jwks_uri?: unknown } | null)?.jwks_uri;
      if (typeof jwksUri === 'string') return jwksUri;
    } catch (error) {
      last = error;
    }
  }
  throw last instanceof Error ? last : new Error(`no jwks_uri found for ${issuer}`);
}
