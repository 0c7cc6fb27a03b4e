/** Test helpers: client key pairs made at test start, and DPoP proofs signed with them. */
import {
  base64url,
  CompactSign,
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  type JWK,
} from 'jose';
import { expect } from 'vitest';
import type { DpopFailureReason } from '../../src/errors/dpop-reason.js';
import { JwtGuardError } from '../../src/errors/jwt-guard-error.js';

/** A client's key pair, its public JWK and that JWK's thumbprint. */
export interface ClientKey {
  readonly alg: string;
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
  readonly jkt: string;
}

/** A fresh key pair for `alg`, with its public JWK. */
export async function clientKey(alg: string): Promise<ClientKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(publicKey);
  return { alg, privateKey, jwk, jkt: await calculateJwkThumbprint(jwk, 'sha256') };
}

export const URL_ = 'https://api.example.com/resource';
export const TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl';

/** base64url(SHA-256(token)), the `ath` of RFC 9449 §4.2. */
export async function athOf(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return base64url.encode(new Uint8Array(digest));
}

let counter = 0;
/** A unique `jti`. */
export const newJti = (): string => `jti-${Date.now()}-${++counter}-${Math.random()}`;

/** The header of a well-formed proof by `key`. */
export const proofHeader = (key: ClientKey): Record<string, unknown> => ({
  typ: 'dpop+jwt',
  alg: key.alg,
  jwk: key.jwk,
});

/** The claims of a well-formed proof for GET {@link URL_} at `nowMs`, bound to {@link TOKEN}. */
export async function proofClaims(nowMs: number): Promise<Record<string, unknown>> {
  return {
    jti: newJti(),
    htm: 'GET',
    htu: URL_,
    iat: Math.floor(nowMs / 1000),
    ath: await athOf(TOKEN),
  };
}

/** Signs any header and claims as a compact JWS (nothing checked, so tests can forge). */
export async function sign(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  signer: ClientKey,
): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: signer.alg, ...header })
    .sign(signer.privateKey);
}

// WebCrypto signing parameters of the JWS algorithms the tests use (RFC 7518 §3).
type SigningParams = AlgorithmIdentifier | EcdsaParams | RsaPssParams;
const SIGNING: Readonly<Record<string, SigningParams>> = {
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  ES384: { name: 'ECDSA', hash: 'SHA-384' },
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
  PS256: { name: 'RSA-PSS', saltLength: 32 },
  EdDSA: { name: 'Ed25519' },
};

/**
 * Signs with WebCrypto directly, whatever the header says: for headers jose refuses to sign
 * (an `alg` it does not know or that does not fit the key, a `crit` it does not know).
 * `params` default to those of the signer's own algorithm.
 */
export async function signByHand(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  signer: ClientKey,
  params: SigningParams = SIGNING[signer.alg] as SigningParams,
): Promise<string> {
  const encode = (part: Record<string, unknown>) => base64url.encode(JSON.stringify(part));
  const input = `${encode(header)}.${encode(claims)}`;
  const signature = await crypto.subtle.sign(
    params,
    signer.privateKey,
    new TextEncoder().encode(input),
  );
  return `${input}.${base64url.encode(new Uint8Array(signature))}`;
}

/** What a proof verifier is given for GET {@link URL_} with {@link TOKEN}, at `nowMs`. */
export const proofRequest = (proofText: string, nowMs: number) => ({
  proof: proofText,
  method: 'GET',
  url: URL_,
  accessToken: TOKEN,
  nowMs,
});

/** A valid proof by `key` for GET {@link URL_}, with `changes` applied to its claims. */
export async function proof(
  key: ClientKey,
  nowMs: number,
  changes: Record<string, unknown> = {},
): Promise<string> {
  return sign(proofHeader(key), { ...(await proofClaims(nowMs)), ...changes }, key);
}

/**
 * Asserts that `promise` rejects with a jwt-guard error of `code` whose message and causes
 * quote no segment of `proofText`, and, when given, whose `dpopReason` is `reason`.
 */
export async function expectCode(
  promise: Promise<unknown>,
  code: string,
  proofText?: string,
  reason?: DpopFailureReason,
): Promise<JwtGuardError> {
  const error = await promise.then(
    () => expect.unreachable('the proof was accepted'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(JwtGuardError);
  const guardError = error as JwtGuardError;
  expect(guardError.code).toBe(code);
  if (reason !== undefined) {
    expect(guardError.dpopReason).toBe(reason);
    // The cause of an invalid proof says how the rule failed, for the server's logs.
    if (code === 'ERR_DPOP_PROOF_INVALID') {
      expect((guardError.cause as Error | undefined)?.message).toMatch(/^DPoP proof: \S/);
    }
  }
  const printed = errorText(guardError);
  for (const segment of proofText?.split('.') ?? []) {
    if (segment.length >= 8) expect(printed).not.toContain(segment);
  }
  return guardError;
}

// The message and the messages of every cause, as a logger would print them.
function errorText(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    parts.push(e.message, JSON.stringify(e));
  }
  return parts.join('\n');
}
