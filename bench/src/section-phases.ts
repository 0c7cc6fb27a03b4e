/**
 * The phases that render their own report section, run in order after the others:
 * deny (the deny list on a fleet), scale (issuers, keys, fleet size), floors (DPoP, JWE and
 * RSA in flight against node:crypto).
 */
import type { TestIssuer } from '@jwt-guard/testing';
import type { Alg, BenchConfig, SectionPhase } from './config.js';
import { runDeny } from './deny/phase.js';
import { runFloors } from './floors/phase.js';
import { runScale } from './scale/phase.js';
import type { ReportSection } from './sections.js';

/** How main runs one phase: only when picked, with its title logged. */
type PhaseRunner = (
  name: SectionPhase,
  title: string,
  run: () => Promise<ReportSection>,
) => Promise<ReportSection | undefined>;

/**
 * Runs the picked section phases and returns their sections.
 *
 * @example
 * ```ts
 * const sections = await runSections(config, issuer, pools, (name, title, run) => phase(name, title, run, undefined));
 * ```
 */
export async function runSections(
  config: BenchConfig,
  issuer: TestIssuer,
  pools: ReadonlyMap<Alg, readonly string[]>,
  phase: PhaseRunner,
): Promise<ReportSection[]> {
  const log = (line: string) => console.error(line);
  const sections = [
    await phase('deny', 'phase: deny list on a fleet', () => runDeny(config, log)),
    await phase('scale', 'phase: scale (issuers, keys, fleet)', () => runScale(config, log)),
    await phase('floors', 'phase: floors (DPoP, JWE, RSA in flight)', () =>
      runFloors(config, issuer, pools, log),
    ),
  ];
  return sections.filter((section): section is ReportSection => section !== undefined);
}
