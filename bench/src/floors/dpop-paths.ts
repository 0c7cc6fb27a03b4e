/**
 * A DPoP request's CPU time, cell by cell, against node:crypto's verifies:
 * `node --expose-gc --import tsx src/floors/dpop-paths.ts [rounds]`. CPU time (the
 * process's user + system time, thread pool included) rather than wall time, so that a
 * machine shared with other work still gives comparable figures; the cells take turns
 * within each round, after a full GC, and the median over rounds is printed.
 */
import { authenticateRequest } from '@jwt-guard/core/adapter';
import { createDpopProofVerifier, resolveDpopOptions } from '@jwt-guard/core/dpop';
import { createTestIssuer } from '@jwt-guard/testing';
import { median } from '../measure.js';
import { dpopAuthenticator, dpopTraffic, es256, jwsParts } from './dpop.js';

const PER_ROUND = 300;
const rounds = Number(process.argv[2] ?? 9);

/** Microseconds of CPU per call over `PER_ROUND` calls, each awaited. */
async function cpuMicros(call: (i: number) => unknown): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < PER_ROUND; i += 1) await call(i);
  const { user, system } = process.cpuUsage(start);
  return (user + system) / PER_ROUND;
}

const issuer = await createTestIssuer();
try {
  const traffic = await dpopTraffic(issuer, PER_ROUND * (rounds + 1) * 4);
  const [cached, full] = [
    dpopAuthenticator(issuer, true, true),
    dpopAuthenticator(issuer, true, false),
  ];
  const proofInput = () => ({
    proof: traffic.nextProof(),
    method: 'GET',
    url: traffic.url,
    accessToken: traffic.token,
    nowMs: Date.now(),
  });
  const viaNode = createDpopProofVerifier(resolveDpopOptions({}));
  const viaJose = createDpopProofVerifier(resolveDpopOptions({}), { nodeCrypto: false });
  const { proofKey, tokenKey } = traffic;
  const proofParts = traffic.proofs.slice(0, PER_ROUND).map(jwsParts);
  const tokenParts = jwsParts(traffic.token);
  const seen = new Map<string, number>();
  const cells: Record<string, (i: number) => unknown> = {
    'ours, DPoP, token cached': () => authenticateRequest(cached, traffic.request()),
    'ours, DPoP, cache: false': () => authenticateRequest(full, traffic.request()),
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
