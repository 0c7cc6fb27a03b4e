/**
 * What a DPoP request costs beside the signature, step by step, each timed alone over
 * 20,000 calls: `node --import tsx src/floors/dpop-steps.ts`. The WebCrypto rows are what
 * the steps cost before they moved to node:crypto (and what they cost off Node).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createDpopProof, generateDpopKey } from '@jwt-guard/testing';
import { decodeClaims } from '../../../packages/core/src/claims/decode-claims.js';
import {
  createDpopNonces,
  createMemoryReplayStore,
  normalizeHtu,
} from '../../../packages/core/src/dpop/index.js';
import { createNonceMac } from '../../../packages/core/src/dpop/nonce-mac.js';
import { accessTokenHash } from '../../../packages/core/src/dpop/proof-claims.js';
import { createProofHeaderReader } from '../../../packages/core/src/dpop/proof-header.js';
import { createProofKeyCache } from '../../../packages/core/src/dpop/proof-key-cache.js';
import { decodeCanonical } from '../../../packages/core/src/token/base64url.js';

const CALLS = 20_000;
const key = await generateDpopKey('ES256');
const url = 'https://api.bench.example/orders';
const token = `eyJhbGciOiJFUzI1NiJ9.${'x'.repeat(600)}.c2lnbmF0dXJl`;
const proof = await createDpopProof(key, { method: 'GET', url, accessToken: token });
const [headerSegment, payloadSegment, signatureSegment] = proof.split('.') as [
  string,
  string,
  string,
];

async function time(name: string, call: (i: number) => unknown) {
  for (let i = 0; i < 2000; i += 1) await call(i);
  const started = performance.now();
  for (let i = 0; i < CALLS; i += 1) await call(i);
  const micros = ((performance.now() - started) * 1000) / CALLS;
  console.log(`${name.padEnd(44)} ${micros.toFixed(2)} µs`);
}

const readHeader = createProofHeaderReader(new Set(['ES256']));
const keys = createProofKeyCache(10);
const header = readHeader(headerSegment);
await keys.keyFor(header);
const replay = createMemoryReplayStore();
const nonces = createDpopNonces();
const nonce = await nonces.issue(Date.now());
const step = new Uint8Array(8);
const webMac = createNonceMac(new Uint8Array(32), false);
const nodeMac = createNonceMac(new Uint8Array(32));
const tag = new Uint8Array(await webMac.sign(step));
const jtis = Array.from({ length: CALLS + 2000 }, () => randomUUID());
let nextJti = 0;

await time('an await of a plain value', () => 1);
await time('normalizeHtu, not remembered', () => normalizeHtu(url));
await time('header: read and judged (remembered)', () => readHeader(`${headerSegment}`));
await time('proof key (cached)', () => keys.keyFor(header));
await time('thumbprint (cached)', () => keys.thumbprintOf(header.jwk!));
await time(
  'payload and signature decode',
  () => decodeCanonical(payloadSegment) && decodeCanonical(signatureSegment),
);
await time('claims JSON', () => decodeClaims(decodeCanonical(payloadSegment)!));
await time('ath: WebCrypto SHA-256', () => accessTokenHash(token));
await time('ath: node:crypto SHA-256', () =>
  createHash('sha256').update(token).digest('base64url'),
);
await time('replay store checkAndSet, a new jti', () =>
  replay.checkAndSet(jtis[nextJti++]!, Date.now() + 65_000),
);
await time('nonce accepted (node:crypto HMAC)', () => nonces.accepts(nonce, Date.now()));
await time('nonce MAC checked by node:crypto', () => nodeMac.verify(tag, step));
await time('nonce MAC checked by WebCrypto', () => webMac.verify(tag, step));
