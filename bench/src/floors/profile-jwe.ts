/**
 * Profiles first-seen JWE tokens (`cache: false`, ES256 inside, A256GCM) for each key
 * management and prints the top self-time frames:
 * `node --import tsx src/floors/profile-jwe.ts [tokens]`.
 */
import { createVerifier } from '@jwt-guard/core';
import { createTestIssuer, encryptToken, generateEncryptionKey } from '@jwt-guard/testing';
import { mintTokens } from '../tokens.js';
import { JWE_ALGS } from './jwe.js';
import { profileLoop } from './profile.js';

const count = Number(process.argv[2] ?? 1000);
const issuer = await createTestIssuer();
try {
  const signed = await mintTokens(issuer, 'ES256', count);
  for (const alg of JWE_ALGS) {
    const key = await generateEncryptionKey(alg);
    const tokens = await Promise.all(
      signed.map((jws) => encryptToken(jws, { key: key.publicJwk })),
    );
    const verifier = createVerifier({
      issuer: issuer.issuer,
      audience: issuer.audience,
      cache: false,
      decryption: { keys: [key.privateJwk] },
    });
    const run = async () => {
      for (const token of tokens) await verifier.verify(token);
    };
    const started = performance.now();
    await run();
    const micros = ((performance.now() - started) * 1000) / count;
    console.log(`\n${alg}, first sight: ${micros.toFixed(1)} µs a token`);
    for (const { frame, percent } of await profileLoop(run)) {
      console.log(`${percent.toFixed(1).padStart(5)} %  ${frame}`);
    }
  }
} finally {
  await issuer.close();
}
