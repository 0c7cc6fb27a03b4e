/**
 * The `issue()` cases: node:crypto's raw ES256 sign (the yardstick the issue names), the
 * issuer's own JWS signing alone, `issue()` on a store that answers at once (all of issue()
 * but the store), and `issue()` on the memory store (the whole of it).
 */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { createMemoryStore } from '@jwt-guard/core/store';
import { exportJWK } from 'jose';
import { createTokenIssuer, type TokenIssuer } from '../../../packages/issuer/src/index.js';
import { loadNodeCrypto, nodeSignFunction } from '../../../packages/issuer/src/node-signer.js';
import { ISSUER, SECRET } from './issuer-setup.js';

/** One case: an operation run in a loop, each awaited before the next. */
export interface IssueCase {
  readonly id: string;
  readonly label: string;
  /** One operation; `i` makes each call's subject distinct. */
  run(i: number): unknown;
}

/** A store that keeps nothing and agrees to everything: issue() without the store's cost. */
const nullStore = {
  get: async () => undefined,
  set: async () => undefined,
  setIfAbsent: async () => true,
  compareAndSet: async () => true,
  delete: async () => undefined,
};

const issuerOn = (store: NonNullable<Parameters<typeof createTokenIssuer>[0]['store']>) =>
  createTokenIssuer({
    issuer: ISSUER,
    audience: ISSUER,
    store,
    keys: { encryptionSecret: SECRET, schedule: false },
  });

/**
 * Makes the cases, each ready (keys made, ring loaded). The raw sign signs a signing input
 * as long as an access token's, taken from a token `issue()` made.
 *
 * @example
 * ```ts
 * const { cases, close, inputBytes } = await issueCases();
 * ```
 */
export async function issueCases() {
  // The ring with its key lives in the store: on the null store it would be made anew at
  // each read, so that issuer signs with managed keys instead (the same signing code).
  const memory = issuerOn(createMemoryStore());
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const managed: TokenIssuer = createTokenIssuer({
    issuer: ISSUER,
    audience: ISSUER,
    store: nullStore,
    keys: [{ kid: 'bench', privateKey: await exportJWK(privateKey) }],
  });
  const input = { sub: 'user-0', scope: 'read write' };
  const sample = (await memory.issue(input)).accessToken;
  await managed.issue(input);
  const signingInput = Buffer.from(sample.slice(0, sample.lastIndexOf('.')));
  const claims = JSON.parse(Buffer.from(sample.split('.')[1]!, 'base64url').toString('utf8'));
  const jws = nodeSignFunction(loadNodeCrypto()!, 'ES256', await exportJWK(privateKey), 'bench');
  const raw = { key: privateKey as KeyObject, dsaEncoding: 'ieee-p1363' as const };

  const cases: IssueCase[] = [
    {
      id: 'raw-sign',
      label: 'node:crypto sign, ES256 (ieee-p1363)',
      run: () => sign('sha256', signingInput, raw),
    },
    { id: 'jws', label: "the issuer's JWS signing alone", run: () => jws(claims, 'at+jwt') },
    {
      id: 'issue-null-store',
      label: 'issue(), store answering at once',
      run: (i) => managed.issue({ sub: `user-${i}`, scope: 'read write' }),
    },
    {
      id: 'issue-memory',
      label: 'issue(), memory store',
      run: (i) => memory.issue({ sub: `user-${i}`, scope: 'read write' }),
    },
  ];
  return {
    cases,
    inputBytes: signingInput.length,
    close: () => {
      memory.close();
      managed.close();
    },
  };
}
