/**
 * A DPoP request's CPU time, cell by cell, against node:crypto's verifies:
 * `node --expose-gc --import tsx src/floors/dpop-paths.ts [rounds]`. CPU time (the
 * process's user + system time, thread pool included) rather than wall time, so that a
 * machine shared with other work still gives comparable figures; the cells take turns
 * within each round, after a full GC, and the median over rounds is printed.
 */
import { createPublicKey, type JsonWebKey, KeyObject, verify } from 'node:crypto';
import type { TokenSources } from '@jwt-guard/core';
import { authenticateRequest, prepareAuthenticator } from '@jwt-guard/core/adapter';
import { createDpopProofVerifier, resolveDpopOptions } from '@jwt-guard/core/dpop';
import { createDpopProof, createTestIssuer, generateDpopKey } from '@jwt-guard/testing';
import { median } from '../measure.js';

const PER_ROUND = 300;
const HOST = 'api.bench.example';
const rounds = Number(process.argv[2] ?? 9);

/** Splits a compact JWS into what node:crypto verifies. */
function parts(jws: string) {
  const dot = jws.lastIndexOf('.');
  return {
    data: Buffer.from(jws.slice(0, dot)),
    signature: Buffer.from(jws.slice(dot + 1), 'base64url'),
  };
}

const es256 = (key: KeyObject, { data, signature }: ReturnType<typeof parts>) =>
  verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);

/** Microseconds of CPU per call over `PER_ROUND` calls, each awaited. */
async function cpuMicros(call: (i: number) => unknown): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < PER_ROUND; i += 1) await call(i);
  const { user, system } = process.cpuUsage(start);
  return (user + system) / PER_ROUND;
}

const issuer = await createTestIssuer();
try {
  const key = await generateDpopKey('ES256');
  const token = await issuer.mint({ alg: 'ES256', claims: { cnf: { jkt: key.jkt } } });
  const url = `https://${HOST}/orders`;
  const proofs = await Promise.all(
    Array.from({ length: PER_ROUND * (rounds + 1) * 4 }, () =>
      createDpopProof(key, { method: 'GET', url, accessToken: token }),
    ),
  );
  let next = 0;
  const authenticator = (cache: boolean) =>
    prepareAuthenticator<TokenSources>(
      {
        issuer: issuer.issuer,
        audience: issuer.audience,
        ...(cache ? {} : { cache: false as const }),
        binding: { dpop: {}, publicOrigin: `https://${HOST}` },
      },
      (request) => request,
    );
  const [cached, full] = [authenticator(true), authenticator(false)];
  const address = { scheme: 'https', host: HOST, target: '/orders' };
  const dpopRequest = () => ({
    authorization: `DPoP ${token}`,
    dpop: proofs[next++]!,
    method: 'GET',
    address,
  });
  const proofInput = () => ({
    proof: proofs[next++]!,
    method: 'GET',
    url,
    accessToken: token,
    nowMs: Date.now(),
  });
  const viaNode = createDpopProofVerifier(resolveDpopOptions({}));
  const viaJose = createDpopProofVerifier(resolveDpopOptions({}), { nodeCrypto: false });
  const proofKey = createPublicKey({ key: key.publicJwk as JsonWebKey, format: 'jwk' });
  const tokenKey = KeyObject.from(issuer.keys.find((k) => k.alg === 'ES256')!.publicKey);
  const proofParts = proofs.slice(0, PER_ROUND).map(parts);
  const tokenParts = parts(token);
  const seen = new Map<string, number>();
  const cells: Record<string, (i: number) => unknown> = {
    'ours, DPoP, token cached': () => authenticateRequest(cached, dpopRequest()),
    'ours, DPoP, cache: false': () => authenticateRequest(full, dpopRequest()),
    'the proof check alone, node:crypto path': () => viaNode(proofInput()),
    'the proof check alone, jose path': () => viaJose(proofInput()),
    'floor: one ES256 verify + one Map operation': (i) => {
      es256(proofKey, proofParts[i]!);
      if (!seen.has(`p${i}`)) seen.set(`p${i}`, i);
    },
    "floor: the token's and the proof's ES256 verifies": (i) =>
      es256(tokenKey, tokenParts) && es256(proofKey, proofParts[i]!),
  };
  const micros: Record<string, number[]> = Object.fromEntries(
    Object.keys(cells).map((name) => [name, []]),
  );
  for (let round = 0; round <= rounds; round += 1) {
    for (const [name, call] of Object.entries(cells)) {
      globalThis.gc?.();
      const spent = await cpuMicros(call);
      // Round 0 warms up.
      if (round > 0) micros[name]!.push(spent);
    }
  }
  for (const [name, list] of Object.entries(micros)) {
    const range = `${Math.min(...list).toFixed(0)}-${Math.max(...list).toFixed(0)}`;
    console.log(`${name.padEnd(50)} ${median(list).toFixed(1)} µs CPU (${range})`);
  }
} finally {
  await issuer.close();
}
