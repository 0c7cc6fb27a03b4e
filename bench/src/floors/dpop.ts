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

function authenticator(issuer: TestIssuer, dpop: boolean, cache: boolean) {
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

/** Splits a compact JWS into what node:crypto verifies. */
function parts(jws: string) {
  const dot = jws.lastIndexOf('.');
  return {
    data: Buffer.from(jws.slice(0, dot)),
    signature: Buffer.from(jws.slice(dot + 1), 'base64url'),
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
  const key = await generateDpopKey('ES256');
  const token = await issuer.mint({ alg: 'ES256', claims: { cnf: { jkt: key.jkt } } });
  const url = `https://${HOST}${TARGET}`;
  const proofs = await Promise.all(
    Array.from({ length: (rounds + 1) * perRound * 2 }, () =>
      createDpopProof(key, { method: 'GET', url, accessToken: token }),
    ),
  );
  let nextProof = 0;
  const address = { scheme: 'https', host: HOST, target: TARGET };
  const dpopRequest = (): Request => ({
    authorization: `DPoP ${token}`,
    dpop: proofs[nextProof++]!,
    method: 'GET',
    address,
  });
  const bearer = authenticator(issuer, false, true);
  const dpopCached = authenticator(issuer, true, true);
  const dpopFull = authenticator(issuer, true, false);
  // The same token unbound: a bound one sent as Bearer is refused.
  const bearerRequest: Request = { authorization: `Bearer ${await issuer.mint({ alg: 'ES256' })}` };

  const tokenKey = KeyObject.from(issuer.keys.find((k) => k.alg === 'ES256')!.publicKey);
  const proofKey = createPublicKey({ key: key.publicJwk as JsonWebKey, format: 'jwk' });
  const tokenParts = parts(token);
  const proofParts = proofs.slice(0, perRound).map(parts);
  const es256 = (k: KeyObject, p: ReturnType<typeof parts>) =>
    verify('sha256', p.data, { key: k, dsaEncoding: 'ieee-p1363' }, p.signature);
  const replay = new Map<string, number>();

  const cells = {
    bearer: () => rateOf(perRound, () => authenticateRequest(bearer, bearerRequest)),
    dpopCached: () => rateOf(perRound, () => authenticateRequest(dpopCached, dpopRequest())),
    dpopFull: () => rateOf(perRound, () => authenticateRequest(dpopFull, dpopRequest())),
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
