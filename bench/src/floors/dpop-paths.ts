/**
 * The proof check alone, on its two paths in one process, against node:crypto's one ES256
 * verify plus one Map operation: `node --expose-gc --import tsx src/floors/dpop-paths.ts [rounds]`.
 * The cells take turns within each round, so a loaded machine slows all three alike.
 */
import { createPublicKey, type JsonWebKey, verify } from 'node:crypto';
import { createDpopProofVerifier, resolveDpopOptions } from '@jwt-guard/core/dpop';
import { createDpopProof, generateDpopKey } from '@jwt-guard/testing';
import { median } from '../measure.js';
import { spreadText } from '../sections.js';
import { rateOf, takeTurns } from './timing.js';

const PER_ROUND = 200;
const rounds = Number(process.argv[2] ?? 9);
const key = await generateDpopKey('ES256');
const token = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl';
const url = 'https://api.bench.example/orders';
const proofs = await Promise.all(
  Array.from({ length: PER_ROUND * (rounds + 1) * 2 }, () =>
    createDpopProof(key, { method: 'GET', url, accessToken: token }),
  ),
);
let next = 0;
const input = () => ({
  proof: proofs[next++]!,
  method: 'GET',
  url,
  accessToken: token,
  nowMs: Date.now(),
});
const viaNode = createDpopProofVerifier(resolveDpopOptions({}));
const viaJose = createDpopProofVerifier(resolveDpopOptions({}), { nodeCrypto: false });
const proofKey = createPublicKey({ key: key.publicJwk as JsonWebKey, format: 'jwk' });
const parts = proofs.slice(0, PER_ROUND).map((proof) => {
  const dot = proof.lastIndexOf('.');
  return {
    data: Buffer.from(proof.slice(0, dot)),
    signature: Buffer.from(proof.slice(dot + 1), 'base64url'),
  };
});
const seen = new Map<string, number>();
const cells = {
  'proof check, node:crypto path': () => rateOf(PER_ROUND, () => viaNode(input())),
  'proof check, jose path': () => rateOf(PER_ROUND, () => viaJose(input())),
  'floor: one ES256 verify + one Map operation': () =>
    rateOf(PER_ROUND, (i) => {
      const { data, signature } = parts[i]!;
      verify('sha256', data, { key: proofKey, dsaEncoding: 'ieee-p1363' }, signature);
      if (!seen.has(`p${i}`)) seen.set(`p${i}`, i);
    }),
};
await takeTurns(1, cells);
const rates = await takeTurns(rounds, cells);
const floor = rates['floor: one ES256 verify + one Map operation']!;
for (const [name, list] of Object.entries(rates)) {
  const share = median(list.map((rate, i) => rate / floor[i]!));
  const rate = median(list);
  console.log(
    `${name}: ${rate.toFixed(0)}/s (${spreadText(list)}), ${(1e6 / rate).toFixed(1)} µs, ÷ floor ${share.toFixed(2)}`,
  );
}
