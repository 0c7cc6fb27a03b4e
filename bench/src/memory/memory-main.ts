/**
 * Child-process entry of phase 3 (run with --expose-gc), one verifier variant per process:
 * verifies N distinct ES256 tokens and reports the heap growth that survives full GCs,
 * with the verifier still alive. A fresh process per variant, so nothing one variant
 * leaves behind is freed (or charged) during another.
 */
import { performance } from 'node:perf_hooks';
import { createVerifier, type VerifierOptions } from '@jwt-guard/core';
import { createTestIssuer } from '@jwt-guard/testing';
import type { MemoryRow } from '../results.js';
import { mintTokens } from '../tokens.js';

const IN_FLIGHT = 32;
const WARM_UP_TOKENS = 2000;
const MB = 1e6;

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

async function main(id: keyof typeof MEMORY_VARIANTS, count: number) {
  const { label, extra } = MEMORY_VARIANTS[id];
  const issuer = await createTestIssuer({ algorithms: ['ES256'] });
  const options = { issuer: issuer.issuer, audience: issuer.audience, ...extra };
  // A throwaway verifier on other tokens first, so what modules compile and keep once
  // (jose, undici, key import) is not counted.
  const warmUp = await mintTokens(issuer, 'ES256', WARM_UP_TOKENS);
  await verifyAll(createVerifier(options as VerifierOptions), warmUp);
  warmUp.length = 0;

  const beforeTokens = await heapAfterGc();
  const tokens = await mintTokens(issuer, 'ES256', count);
  const before = await heapAfterGc();
  const verifier = createVerifier(options as VerifierOptions);
  const start = performance.now();
  await verifyAll(verifier, tokens);
  const seconds = (performance.now() - start) / 1000;
  const heapGrowthMB = ((await heapAfterGc()) - before) / MB;
  // Used after the measurement, so the verifier (and its cache) is alive during it.
  const row: MemoryRow = { id, label: `${label}`, tokens: tokens.length, heapGrowthMB, seconds };
  await verifier.verify(tokens[0]!);
  await issuer.close();
  return { row, tokensHeapMB: (before - beforeTokens) / MB };
}

if (process.send) {
  const result = await main(
    process.argv[2] as keyof typeof MEMORY_VARIANTS,
    Number(process.argv[3]),
  );
  process.send(result, undefined, {}, () => process.exit(0));
}
