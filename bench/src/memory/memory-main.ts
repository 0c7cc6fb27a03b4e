/**
 * Child-process entry of phase 3 (run with --expose-gc), one verifier variant per process:
 * verifies N distinct ES256 tokens (a million in a full run), minted and let go batch by
 * batch, and reports the heap growth that survives full GCs: its peak along the way and at
 * the end with the verifier alive (the token cache full: it must stay within its bound,
 * not grow with N), then after the verifier and its cache are let go (it must return to
 * the baseline: nothing else kept a token). A fresh process per variant, so nothing one
 * variant leaves behind is freed (or charged) during another.
 */
import { performance } from 'node:perf_hooks';
import { createVerifier, type Verifier, type VerifierOptions } from '@jwt-guard/core';
import { createTestIssuer } from '@jwt-guard/testing';
import type { MemoryRow } from '../results.js';
import { mintTokens } from '../tokens.js';

const IN_FLIGHT = 32;
const WARM_UP_TOKENS = 2000;
const MB = 1e6;
// Tokens minted and verified at a time.
const BATCH = 10_000;
// Heap measured (after full GCs) when these shares of the tokens have been verified.
const CHECKPOINTS = [0.1, 0.5, 1];

/** The variants of phase 3, by id. */
export const MEMORY_VARIANTS = {
  ours: { label: 'ours, default (cache on)', extra: {} },
  'ours-nocache': { label: 'ours, cache: false', extra: { cache: false } },
} as const;

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

// Full GCs with turns of the event loop between them (FinalizationRegistry callbacks and
// freed sockets need a turn), until the heap stops shrinking by more than 64 KiB.
const heapAfterGc = async () => {
  const { gc } = globalThis;
  if (!gc) throw new Error('run node with --expose-gc');
  let last = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 10; i += 1) {
    gc();
    await tick();
    const used = process.memoryUsage().heapUsed;
    if (last - used < 65_536) return used;
    last = used;
  }
  return last;
};

const verifyAll = async (verifier: { verify(token: string): Promise<unknown> }, list: string[]) => {
  let next = 0;
  const lane = async () => {
    while (next < list.length) await verifier.verify(list[next++]!);
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
};

/** What a child sends back. */
export interface MemoryChildResult {
  readonly row: MemoryRow;
}

// Tokens are minted a batch ahead of the one being verified (signing runs on the libuv
// pool), and each batch is let go once verified: a million tokens are never all held.
async function verifyStream(
  verifier: { verify(token: string): Promise<unknown> },
  mint: (first: number, count: number) => Promise<string[]>,
  count: number,
  onCheckpoint: (verified: number) => Promise<void>,
) {
  let pending = mint(0, Math.min(BATCH, count));
  for (let first = 0; first < count; first += BATCH) {
    const batch = await pending;
    const nextFirst = first + BATCH;
    pending = nextFirst < count ? mint(nextFirst, Math.min(BATCH, count - nextFirst)) : pending;
    await verifyAll(verifier, batch);
    if (CHECKPOINTS.some((c) => c * count <= nextFirst && c * count > first)) {
      await onCheckpoint(Math.min(nextFirst, count));
    }
  }
}

async function main(id: keyof typeof MEMORY_VARIANTS, count: number, maxEntries: number) {
  const { label, extra } = MEMORY_VARIANTS[id];
  const issuer = await createTestIssuer({ algorithms: ['ES256'] });
  const cache = 'cache' in extra ? extra.cache : { maxEntries };
  const options = { issuer: issuer.issuer, audience: issuer.audience, cache };
  const mint = (first: number, n: number) =>
    mintTokens(issuer, 'ES256', n, { first: WARM_UP_TOKENS + first });
  // A throwaway verifier on other tokens first, so what modules compile and keep once
  // (jose, undici, key import) is not counted. Its cache holds 10 entries at most: a first
  // run that let it keep thousands measured the end with the cache full at -0.3 MB, the
  // throwaway's cache (still alive at the baseline) having gone meanwhile.
  const warmUpCache = cache === false ? false : { maxEntries: 10 };
  await verifyAll(
    createVerifier({ ...options, cache: warmUpCache } as VerifierOptions),
    await mintTokens(issuer, 'ES256', WARM_UP_TOKENS),
  );

  const before = await heapAfterGc();
  let verifier: Verifier | undefined = createVerifier(options as VerifierOptions);
  let peak = 0;
  const start = performance.now();
  await verifyStream(verifier, mint, count, async () => {
    peak = Math.max(peak, (await heapAfterGc()) - before);
  });
  const seconds = (performance.now() - start) / 1000;
  const alive = (await heapAfterGc()) - before;
  // Used after the measurement, so the verifier (and its cache) is alive during it.
  await verifier.verify((await mint(0, 1))[0]!).catch(() => undefined);
  verifier = undefined;
  const released = (await heapAfterGc()) - before;
  await issuer.close();
  const row: MemoryRow = {
    id,
    label,
    tokens: count,
    cacheEntries: cache === false ? 0 : maxEntries,
    heapGrowthMB: alive / MB,
    peakGrowthMB: Math.max(peak, alive) / MB,
    releasedMB: released / MB,
    seconds,
  };
  return { row } satisfies MemoryChildResult;
}

if (process.send) {
  const result = await main(
    process.argv[2] as keyof typeof MEMORY_VARIANTS,
    Number(process.argv[3]),
    Number(process.argv[4]),
  );
  process.send(result, undefined, {}, () => process.exit(0));
}
