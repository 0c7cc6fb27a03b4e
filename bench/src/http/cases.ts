/**
 * One framework's cases in phase 2: its servers started, one case per server variant,
 * token mode and load generator, each collecting per-round figures, then turned into rows.
 */
import { median } from '../measure.js';
import type { HttpClient, HttpRow, TokenMode } from '../results.js';
import { type RunningServer, spawnServer } from './spawn-server.js';
import { type Framework, type IssuerTarget, type ServerVariant, variants } from './variants.js';

/** A server variant under one token mode and load generator, with its per-round figures. */
export interface Case {
  readonly variant: ServerVariant;
  readonly server: RunningServer;
  readonly mode: TokenMode;
  readonly client: HttpClient;
  readonly tokens: readonly string[];
  readonly rps: number[];
  readonly p99: number[];
  readonly serverCpu: number[];
  readonly clientCpu: number[];
  failures: number;
}

/** A case, or why its server variant did not start. */
export type Slot =
  | Case
  | { variant: ServerVariant; mode: TokenMode; client: HttpClient; missing: string };

/** Options of {@link startCases}. */
export interface StartCasesOptions {
  readonly target: IssuerTarget;
  /** Distinct tokens; the first one is the "hot" token. */
  readonly pool: readonly string[];
  /** The core to hold every server to; none when `undefined`. */
  readonly serverCore: number | undefined;
  readonly notes: Set<string>;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Starts every server of `framework` and lays out its slots in table order: per variant
 * "hot" (and "cold" for verifying middlewares) under the new client, plus the no-auth
 * server under the old client. With the slots of an earlier lot, each case carries on
 * with its figures in fresh processes.
 *
 * @example
 * ```ts
 * const { slots, servers } = await startCases('koa', { target, pool, serverCore: 0, notes });
 * ```
 */
export async function startCases(
  framework: Framework,
  options: StartCasesOptions,
  previous?: readonly Slot[],
): Promise<{ slots: Slot[]; servers: RunningServer[] }> {
  const { pool } = options;
  const servers: RunningServer[] = [];
  const slots: Slot[] = [];
  for (const variant of variants.filter((v) => v.framework === framework)) {
    // Only verifying middlewares see a difference between one token and many.
    const modes: TokenMode[] = ['none', 'bare', 'noop'].includes(variant.auth)
      ? ['hot']
      : ['hot', 'cold'];
    const cases = modes.map((mode) => ({ variant, mode, client: 'own-process' as HttpClient }));
    if (variant.auth === 'none') cases.push({ variant, mode: 'hot', client: 'in-process' });
    try {
      const server = await spawnServer(variant, options.target, options.serverCore);
      servers.push(server);
      for (const c of cases) {
        const tokens = c.mode === 'hot' ? pool.slice(0, 1) : pool;
        slots.push({ ...c, server, tokens, ...figuresSoFar(previous?.[slots.length]) });
      }
    } catch (error) {
      const missing = `failed to start: ${message(error)}`;
      options.notes.add(`HTTP ${framework} ${variant.label}: skipped, ${missing}`);
      slots.push(...cases.map((c) => ({ ...c, missing })));
    }
  }
  return { slots, servers };
}

// A case of a later lot goes on with the figures of the same case in the lot before.
function figuresSoFar(slot: Slot | undefined) {
  if (slot === undefined) return { rps: [], p99: [], serverCpu: [], clientCpu: [], failures: 0 };
  if ('missing' in slot)
    throw new Error(`a server that failed to start in an earlier lot: ${slot.missing}`);
  const { rps, p99, serverCpu, clientCpu, failures } = slot;
  return { rps, p99, serverCpu, clientCpu, failures };
}

/**
 * The row of a slot: medians of its rounds, or why it is missing.
 *
 * @example
 * ```ts
 * const rows = slots.map((slot) => toRow(slot, notes));
 * ```
 */
export function toRow(slot: Slot, notes: Set<string>): HttpRow {
  const { variant, mode, client } = slot;
  const { framework, id, label, auth } = variant;
  const base = { framework, id, label, auth, mode, client };
  if ('missing' in slot) return { ...base, missing: slot.missing };
  if (slot.failures > 0) {
    notes.add(`HTTP ${framework} ${label} ${mode} ${client}: ${slot.failures} failed responses`);
  }
  return {
    ...base,
    rps: median(slot.rps),
    rounds: slot.rps,
    p99Ms: median(slot.p99),
    serverCpu: median(slot.serverCpu),
    clientCpu: median(slot.clientCpu),
    failures: slot.failures,
  };
}
