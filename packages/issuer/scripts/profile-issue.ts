/**
 * Profiles `issue()` alone, each call with its own subject as a login has: run it under
 * `node --import tsx --cpu-prof` and read the profile with `self-time.ts`. Nothing else
 * runs in the loop, so the profile holds issue()'s cost only. The store is the memory
 * store, or with `null` a store that answers at once and keeps nothing (the ring's keys are
 * then managed keys, as the bench's "store answering at once" case has them).
 *
 * @example
 * ```sh
 * node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof scripts/profile-issue.ts 8000
 * node --import tsx scripts/self-time.ts /tmp/prof/<the profile naming profile-issue>
 * ```
 */
import { generateKeyPairSync } from 'node:crypto';
import { createMemoryStore } from '@jwt-guard/core/store';
import { createTokenIssuer } from '../src/index.js';

const ms = Number(process.argv[2] ?? 8000);
const nullStore = {
  get: async () => undefined,
  set: async () => undefined,
  setIfAbsent: async () => true,
  compareAndSet: async () => true,
  delete: async () => undefined,
};
const managed = () => [
  {
    kid: 'profile',
    privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      format: 'jwk',
    }),
  },
];
const onNull = process.argv[3] === 'null';
const tokens = createTokenIssuer({
  issuer: 'https://api.example.com',
  audience: 'https://api.example.com',
  store: onNull ? nullStore : createMemoryStore(),
  keys: onNull
    ? managed()
    : { encryptionSecret: 'a-profile-encryption-secret-of-more-than-32-bytes', schedule: false },
});
await tokens.issue({ sub: 'warm-up', scope: 'read write' });
const end = performance.now() + ms;
let i = 0;
while (performance.now() < end) {
  await tokens.issue({ sub: `user-${i}`, scope: 'read write' });
  i += 1;
}
console.log(`issue(): ${Math.round((i * 1000) / ms)} calls/s`);
tokens.close();
