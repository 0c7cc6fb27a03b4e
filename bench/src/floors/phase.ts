/** The floors phase (placeholder until written). */
import type { TestIssuer } from '@jwt-guard/testing';
import type { Alg, BenchConfig } from '../config.js';
import type { ReportSection } from '../sections.js';

export async function runFloors(
  _config: BenchConfig,
  _issuer: TestIssuer,
  _pools: ReadonlyMap<Alg, readonly string[]>,
  _log: (line: string) => void,
): Promise<ReportSection> {
  return { phase: 'floors', markdown: '', data: {} };
}
