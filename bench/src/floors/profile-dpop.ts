/**
 * Profiles a DPoP request (a fresh ES256 proof each time; the token cached, or verified in
 * full with `cache-false`) and prints its top self-time frames:
 * `node --import tsx src/floors/profile-dpop.ts [requests] [cache-false]`.
 */
import type { TokenSources } from '@jwt-guard/core';
import { authenticateRequest, prepareAuthenticator } from '@jwt-guard/core/adapter';
import { createDpopProof, createTestIssuer, generateDpopKey } from '@jwt-guard/testing';
import { profileLoop } from './profile.js';

const HOST = 'api.bench.example';
const count = Number(process.argv[2] ?? 4000);
const cache = process.argv[3] !== 'cache-false';
const issuer = await createTestIssuer();
try {
  const key = await generateDpopKey('ES256');
  const token = await issuer.mint({ alg: 'ES256', claims: { cnf: { jkt: key.jkt } } });
  const url = `https://${HOST}/orders`;
  const proofs = await Promise.all(
    Array.from({ length: count * 2 }, () =>
      createDpopProof(key, { method: 'GET', url, accessToken: token }),
    ),
  );
  const plan = prepareAuthenticator<TokenSources>(
    {
      issuer: issuer.issuer,
      audience: issuer.audience,
      ...(cache ? {} : { cache: false as const }),
      binding: { dpop: {}, publicOrigin: `https://${HOST}` },
    },
    (request) => request,
  );
  const address = { scheme: 'https', host: HOST, target: '/orders' };
  let next = 0;
  const run = async () => {
    for (let i = 0; i < count; i += 1) {
      const request = {
        authorization: `DPoP ${token}`,
        dpop: proofs[next++]!,
        method: 'GET',
        address,
      };
      await authenticateRequest(plan, request);
    }
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
