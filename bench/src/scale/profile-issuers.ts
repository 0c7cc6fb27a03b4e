/**
 * Profiles full verifications (`cache: false`) with 1 and 1000 issuers, configured and
 * admitted, and prints each loop's time a token and its top self-time frames (issue 24:
 * the cost with many issuers, when it is not within 5 % of one issuer's):
 * `node --import tsx src/scale/profile-issuers.ts [passes]`.
 */
import { createTestIssuer } from '@jwt-guard/testing';
import { profileLoop } from '../floors/profile.js';
import { issuerName, issuerVerifiers, TOKENS } from './issuers.js';

const passes = Number(process.argv[2] ?? 5);
const issuer = await createTestIssuer({ algorithms: ['ES256'] });
try {
  for (const count of [1, 1000]) {
    const tokens = await Promise.all(
      Array.from({ length: TOKENS }, (_, i) =>
        issuer.mint({ alg: 'ES256', claims: { iss: issuerName(i % count) } }),
      ),
    );
    for (const [kind, verifier] of Object.entries(issuerVerifiers(issuer, count, false))) {
      // Every issuer's keys fetched, and the code warm, before measuring.
      for (const token of tokens) await verifier.verify(token);
      const run = async () => {
        for (let pass = 0; pass < passes; pass += 1) {
          for (const token of tokens) await verifier.verify(token);
        }
      };
      const started = performance.now();
      await run();
      const micros = ((performance.now() - started) * 1000) / (passes * tokens.length);
      console.log(`\n${kind}, ${count} issuer(s), cache: false: ${micros.toFixed(1)} µs a token`);
      for (const { frame, percent } of await profileLoop(run)) {
        console.log(`${percent.toFixed(1).padStart(5)} %  ${frame}`);
      }
    }
  }
} finally {
  await issuer.close();
}
