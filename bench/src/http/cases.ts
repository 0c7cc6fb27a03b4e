/**
 * One framework's cases in phase 2: its servers started, one case per server variant,
 * token mode and load generator, each collecting per-round figures, then turned into rows.
 */
import { median } from '../measure.js';
import type { HttpClient, HttpMode, HttpRow } from '../results.js';
import { REFUSAL_KINDS, type RefusalKind } from './refusals.js';
import { type RunningServer, spawnServer } from './spawn-server.js';
import { type Framework, type IssuerTarget, type ServerVariant, variants } from './variants.js';

/** A server variant under one token mode and load generator, with its per-round figures. */
export interface Case {
  readonly variant: ServerVariant;
  readonly server: RunningServer;
  readonly mode: HttpMode;
  readonly client: HttpClient;
  /** The tokens sent in turn; none: requests without `Authorization`. */
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
  | { variant: ServerVariant; mode: HttpMode; client: HttpClient; missing: string };

/** Options of {@link startCases}. */
export interface StartCasesOptions {
  readonly target: IssuerTarget;
  /** Distinct tokens; the first one is the "hot" token. */
  readonly pool: readonly string[];
  /** What each refusal flood sends. */
  readonly refused: Readonly<Record<RefusalKind, readonly string[]>>;
  /** The modes verifying middlewares are measured in; all when `undefined`. */
  readonly modes: readonly string[] | undefined;
  /** The server variants measured, by `auth`; all when `undefined`. */
  readonly servers: readonly string[] | undefined;
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
  const servers: RunningServer[] = [];
  const slots: Slot[] = [];
  const measured = variants.filter(
    (v) => v.framework === framework && (!options.servers || options.servers.includes(v.auth)),
  );
  for (const variant of measured) {
    const cases = modesOf(variant, options.modes).map((mode) => ({
      variant,
      mode,
      client: 'own-process' as HttpClient,
    }));
    if (variant.auth === 'none') cases.push({ variant, mode: 'hot', client: 'in-process' });
    try {
      const server = await spawnServer(variant, options.target, options.serverCore);
      servers.push(server);
      for (const c of cases) {
        const tokens = tokensOf(c.mode, options);
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

// Only verifying middlewares see a difference between one token and many, or refuse.
function modesOf(variant: ServerVariant, picked: readonly string[] | undefined): HttpMode[] {
  if (['none', 'bare', 'noop'].includes(variant.auth)) return ['hot'];
  const all: HttpMode[] = ['hot', 'cold', ...REFUSAL_KINDS];
  return picked ? all.filter((mode) => picked.includes(mode)) : all;
}

function tokensOf(mode: HttpMode, options: StartCasesOptions): readonly string[] {
  if (mode === 'hot') return options.pool.slice(0, 1);
  return mode === 'cold' ? options.pool : options.refused[mode];
}

/** Whether the case's requests should all be refused. */
export const isRefusal = (mode: HttpMode): mode is RefusalKind => mode !== 'hot' && mode !== 'cold';

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
    serverCpuRounds: slot.serverCpu,
    clientCpu: median(slot.clientCpu),
    failures: slot.failures,
  };
}
