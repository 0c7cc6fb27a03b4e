/**
 * DPoP against its floor: a request with a bound token and a fresh proof (an ES256 verify
 * and one replay-store operation beyond a Bearer request), against node:crypto doing the
 * same two ES256 verifies.
 */
import { createPublicKey, type JsonWebKey, KeyObject, verify } from 'node:crypto';
import type { TokenSources } from '@jwt-guard/core';
import { authenticateRequest, prepareAuthenticator } from '@jwt-guard/core/adapter';
import { createDpopProof, generateDpopKey, type TestIssuer } from '@jwt-guard/testing';
import { median } from '../measure.js';
import { rateOf, takeTurns } from './timing.js';

const HOST = 'api.bench.example';
const TARGET = '/orders';

/** Rates per cell (requests or verify pairs per second, one per round). */
export interface DpopFloor {
  readonly rates: Record<string, number[]>;
  /** Ours (DPoP, `cache: false`) ÷ node:crypto's two verifies: median of per-round ratios. */
  readonly share: number;
  /** Microseconds a DPoP request adds to a Bearer one (token cached), median. */
  readonly extraMicros: number;
  /** Microseconds of node:crypto's one ES256 verify plus one memory-store setIfAbsent. */
  readonly floorExtraMicros: number;
}

type Request = TokenSources;

/**
 * An authenticator for the floors' requests: Bearer, or DPoP-bound (`dpop`), with the
 * token cache or `cache: false`.
 *
 * @example
 * ```ts
 * const full = dpopAuthenticator(issuer, true, false);
 * ```
 */
export function dpopAuthenticator(issuer: TestIssuer, dpop: boolean, cache: boolean) {
  return prepareAuthenticator<Request>(
    {
      issuer: issuer.issuer,
      audience: issuer.audience,
      ...(cache ? {} : { cache: false as const }),
      ...(dpop ? { binding: { dpop: {}, publicOrigin: `https://${HOST}` } } : {}),
    },
    (request) => request,
  );
}

/** A compact JWS split into what node:crypto verifies. */
export interface SignedParts {
  readonly data: Buffer;
  readonly signature: Buffer;
}

/**
 * Splits a compact JWS into what node:crypto verifies.
 *
 * @example
 * ```ts
 * es256(key, jwsParts(token));
 * ```
 */
export function jwsParts(jws: string): SignedParts {
  const dot = jws.lastIndexOf('.');
  return {
    data: Buffer.from(jws.slice(0, dot)),
    signature: Buffer.from(jws.slice(dot + 1), 'base64url'),
  };
}

/** node:crypto's ES256 verify of `signed` with `key`: the floor's one step. */
export const es256 = (key: KeyObject, signed: SignedParts) =>
  verify('sha256', signed.data, { key, dsaEncoding: 'ieee-p1363' }, signed.signature);

/**
 * A DPoP-bound ES256 token and `count` proofs of it, each handed out once (by `request` or
 * `nextProof`), with the token's and the proof's public keys for the floor.
 *
 * @example
 * ```ts
 * const traffic = await dpopTraffic(issuer, 1000);
 * await authenticateRequest(dpopAuthenticator(issuer, true, false), traffic.request());
 * ```
 */
export async function dpopTraffic(issuer: TestIssuer, count: number) {
  const key = await generateDpopKey('ES256');
  const token = await issuer.mint({ alg: 'ES256', claims: { cnf: { jkt: key.jkt } } });
  const url = `https://${HOST}${TARGET}`;
  const proofs = await Promise.all(
    Array.from({ length: count }, () =>
      createDpopProof(key, { method: 'GET', url, accessToken: token }),
    ),
  );
  let next = 0;
  const nextProof = () => proofs[next++]!;
  const address = { scheme: 'https', host: HOST, target: TARGET };
  return {
    token,
    url,
    proofs,
    nextProof,
    /** A request with the token and a proof never used before. */
    request: (): Request => ({
      authorization: `DPoP ${token}`,
      dpop: nextProof(),
      method: 'GET',
      address,
    }),
    tokenKey: KeyObject.from(issuer.keys.find((k) => k.alg === 'ES256')!.publicKey),
    proofKey: createPublicKey({ key: key.publicJwk as JsonWebKey, format: 'jwk' }),
  };
}

/**
 * Measures Bearer and DPoP requests (token cached and not) and the floor, `perRound`
 * requests per cell and round; every DPoP request carries a proof never used before.
 *
 * @example
 * ```ts
 * const dpop = await measureDpop(issuer, 7, 500);
 * ```
 */
export async function measureDpop(issuer: TestIssuer, rounds: number, perRound: number) {
  const traffic = await dpopTraffic(issuer, (rounds + 1) * perRound * 2);
  const bearer = dpopAuthenticator(issuer, false, true);
  const dpopCached = dpopAuthenticator(issuer, true, true);
  const dpopFull = dpopAuthenticator(issuer, true, false);
  // The same token unbound: a bound one sent as Bearer is refused.
  const bearerRequest: Request = { authorization: `Bearer ${await issuer.mint({ alg: 'ES256' })}` };

  const { tokenKey, proofKey } = traffic;
  const tokenParts = jwsParts(traffic.token);
  const proofParts = traffic.proofs.slice(0, perRound).map(jwsParts);
  const replay = new Map<string, number>();

  const cells = {
    bearer: () => rateOf(perRound, () => authenticateRequest(bearer, bearerRequest)),
    dpopCached: () => rateOf(perRound, () => authenticateRequest(dpopCached, traffic.request())),
    dpopFull: () => rateOf(perRound, () => authenticateRequest(dpopFull, traffic.request())),
    floorTwo: () =>
      rateOf(perRound, (i) => es256(tokenKey, tokenParts) && es256(proofKey, proofParts[i]!)),
    floorOne: () =>
      rateOf(perRound, (i) => {
        es256(proofKey, proofParts[i]!);
        // One store operation: what the memory replay store does per proof.
        if (!replay.has(`p${i}`)) replay.set(`p${i}`, i);
      }),
  };
  await takeTurns(1, cells);
  const rates = await takeTurns(rounds, cells);
  const shares = rates.dpopFull!.map((rate, i) => rate / rates.floorTwo![i]!);
  const micros = (list: number[]) => 1e6 / median(list);
  return {
    rates,
    share: median(shares),
    extraMicros: micros(rates.dpopCached!) - micros(rates.bearer!),
    floorExtraMicros: micros(rates.floorOne!),
  } satisfies DpopFloor;
}
