/**
 * Phase 2: requests per second and p99 latency per framework, each server in its own
 * process, autocannon in this one. Every case is warmed (one pass over its tokens, capped
 * in time), then the cases take turns for several rounds and the medians are kept.
 */
import type { TestIssuer } from '@jwt-guard/testing';
import type { BenchConfig } from '../config.js';
import { median } from '../measure.js';
import type { HttpRow, TokenMode } from '../results.js';
import { runLoad } from './load.js';
import { type RunningServer, spawnServer } from './spawn-server.js';
import { type Framework, type ServerVariant, variants } from './variants.js';

interface Case {
  readonly variant: ServerVariant;
  readonly server: RunningServer;
  readonly mode: TokenMode;
  readonly rps: number[];
  readonly p99: number[];
  failures: number;
}

const FRAMEWORKS: readonly Framework[] = ['express', 'koa', 'hono'];
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Runs phase 2 with `pool` (tokens of `config.http.alg`; the first one is "hot").
 *
 * @example
 * ```ts
 * const rows = await runHttp(issuer, pools.get('RS256'), config, notes, console.error);
 * ```
 */
export async function runHttp(
  issuer: TestIssuer,
  pool: readonly string[],
  config: BenchConfig,
  notes: Set<string>,
  log: (line: string) => void,
): Promise<HttpRow[]> {
  const target = { issuer: issuer.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri };
  const { connections, seconds, rounds } = config.http;
  const tokensOf = (mode: TokenMode) => (mode === 'hot' ? pool.slice(0, 1) : pool);
  const rows: HttpRow[] = [];

  for (const framework of FRAMEWORKS) {
    const cases: Case[] = [];
    const servers: RunningServer[] = [];
    // One slot per variant × mode, in table order: a measured case or a reason it is missing.
    const slots: { variant: ServerVariant; mode: TokenMode; found: Case | string }[] = [];
    for (const variant of variants.filter((v) => v.framework === framework)) {
      // Only verifying middlewares see a difference between one token and many.
      const modes: TokenMode[] =
        variant.auth === 'none' || variant.auth === 'noop' ? ['hot'] : ['hot', 'cold'];
      let missing: string | undefined;
      let server: RunningServer | undefined;
      try {
        server = await spawnServer(variant, target);
        servers.push(server);
      } catch (error) {
        missing = `failed to start: ${message(error)}`;
      }
      for (const mode of modes) {
        if (!server) {
          slots.push({ variant, mode, found: missing ?? 'n/a' });
          continue;
        }
        const c: Case = { variant, server, mode, rps: [], p99: [], failures: 0 };
        cases.push(c);
        slots.push({ variant, mode, found: c });
      }
      if (!server) notes.add(`HTTP ${framework} ${variant.label}: skipped, ${missing}`);
    }

    try {
      for (const c of cases) {
        const tokens = tokensOf(c.mode);
        const warm = await runLoad({
          url: c.server.url,
          tokens,
          connections,
          amount: Math.max(tokens.length, 1000),
          maxSeconds: config.http.warmupCapSeconds,
        });
        c.failures += warm.failures;
      }
      for (let round = 0; round < rounds; round += 1) {
        const shift = round % cases.length;
        for (const c of [...cases.slice(shift), ...cases.slice(0, shift)]) {
          const tokens = tokensOf(c.mode);
          const result = await runLoad({ url: c.server.url, tokens, connections, seconds });
          c.rps.push(result.rps);
          c.p99.push(result.p99Ms);
          c.failures += result.failures;
        }
      }
    } finally {
      await Promise.all(servers.map((s) => s.close()));
    }

    for (const { variant, mode, found } of slots) {
      const base = { framework, id: variant.id, label: variant.label, auth: variant.auth, mode };
      if (typeof found === 'string') {
        rows.push({ ...base, missing: found });
        continue;
      }
      if (found.failures > 0) {
        notes.add(`HTTP ${framework} ${variant.label} ${mode}: ${found.failures} failed responses`);
      }
      rows.push({
        ...base,
        rps: median(found.rps),
        rounds: found.rps,
        p99Ms: median(found.p99),
        failures: found.failures,
      });
    }
    log(`  http ${framework}: done`);
  }
  return rows;
}
