/**
 * Profiles a DPoP request (a fresh ES256 proof each time; the token cached, or verified in
 * full with `cache-false`) and prints its top self-time frames:
 * `node --import tsx src/floors/profile-dpop.ts [requests] [cache-false]`.
 */
import { authenticateRequest } from '@jwt-guard/core/adapter';
import { createTestIssuer } from '@jwt-guard/testing';
import { dpopAuthenticator, dpopTraffic } from './dpop.js';
import { profileLoop } from './profile.js';

const count = Number(process.argv[2] ?? 4000);
const cache = process.argv[3] !== 'cache-false';
const issuer = await createTestIssuer();
try {
  const traffic = await dpopTraffic(issuer, count * 2);
  const plan = dpopAuthenticator(issuer, true, cache);
  const run = async () => {
    for (let i = 0; i < count; i += 1) await authenticateRequest(plan, traffic.request());
  };
  const started = performance.now();
  await run();
  console.log(
    `DPoP, token ${cache ? 'cached' : 'verified in full'}: ${(((performance.now() - started) * 1000) / count).toFixed(1)} µs a request`,
  );
  for (const { frame, percent } of await profileLoop(run)) {
    console.log(`${percent.toFixed(1).padStart(5)} %  ${frame}`);
  }
} finally {
  await issuer.close();
}
