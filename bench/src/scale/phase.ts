/** The scale phase (placeholder until written). */
import type { BenchConfig } from '../config.js';
import type { ReportSection } from '../sections.js';

export async function runScale(
  _config: BenchConfig,
  _log: (line: string) => void,
): Promise<ReportSection> {
  return { phase: 'scale', markdown: '', data: {} };
}
