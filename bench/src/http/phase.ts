/**
 * Phase 2: requests per second, p99 latency and CPU per framework. Each server runs in a
 * process of its own and autocannon in another, with static requests, so that the server
 * is the bottleneck; with `--pin`, each of the two holds one core. Every case is
 * warmed, then the cases take turns for several rounds and the medians are kept; all of
 * that again in fresh server processes, lot after lot. The
 * no-auth server is also driven by the old client (autocannon in this process, building
 * every request in a `setupRequest` callback): the cheaper client must get more out of it.
 */
import type { TestIssuer } from '@jwt-guard/testing';
import type { BenchConfig } from '../config.js';
import type { HttpClient, HttpRow } from '../results.js';
import { type Case, isRefusal, type Slot, startCases, toRow } from './cases.js';
import { pinningCores, pinToCore } from './child.js';
import { inProcessLoadClient, type LoadClient, startLoadClient } from './load.js';
import type { RefusalKind } from './refusals.js';
import type { Framework } from './variants.js';

const FRAMEWORKS: readonly Framework[] = ['express', 'koa', 'hono', 'fastify', 'nest'];

/**
 * Runs phase 2 with `pool` (tokens of `config.http.alg`; the first one is "hot") and the
 * `refused` floods.
 *
 * @example
 * ```ts
 * const rows = await runHttp(issuer, { pool, refused }, config, notes, console.error);
 * ```
 */
export async function runHttp(
  issuer: TestIssuer,
  sent: {
    readonly pool: readonly string[];
    readonly refused: Readonly<Record<RefusalKind, readonly string[]>>;
  },
  config: BenchConfig,
  notes: Set<string>,
  log: (line: string) => void,
): Promise<HttpRow[]> {
  const target = { issuer: issuer.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri };
  const cores = config.http.pin ? pinningCores() : undefined;
  notes.add(
    cores
      ? `HTTP: servers held to core ${cores[0]}, load generators (and this process) to core ${cores[1]}`
      : `HTTP: no core pinning${config.http.pin ? ' (--pin needs 2 cores and taskset)' : ''}`,
  );
  const own = await startLoadClient(cores?.[1]);
  // The old client runs in this process: on the client's core too, so only its cost differs.
  if (cores) pinToCore(process.pid, cores[1]);
  const clients = { 'own-process': own, 'in-process': inProcessLoadClient() };
  const rows: HttpRow[] = [];
  try {
    const { frameworks, servers, modes } = config.http;
    for (const framework of FRAMEWORKS.filter((f) => !frameworks || frameworks.includes(f))) {
      const options = { target, ...sent, servers, modes, serverCore: cores?.[0], notes };
      let slots: Slot[] | undefined;
      for (let lot = 0; lot < config.http.lots; lot += 1) {
        const started = await startCases(framework, options, slots);
        slots = started.slots;
        try {
          await measure(
            slots.filter((s): s is Case => 'server' in s),
            clients,
            config.http,
          );
        } finally {
          await Promise.all(started.servers.map((s) => s.close()));
        }
        // A server missing in one lot would misalign the rounds the ratios pair up.
        if (slots.some((s) => 'missing' in s)) break;
      }
      rows.push(...(slots ?? []).map((slot) => toRow(slot, notes)));
      log(`  http ${framework}: done`);
    }
  } finally {
    if (cores) pinToCore(process.pid);
    await own.close();
  }
  return rows;
}

const WARM_UP_REQUESTS = 20_000;
const POOL_WARM_UP_SECONDS = 6;

/** Warms every case, then runs the rounds, the cases taking turns (rotated each round). */
async function measure(
  cases: readonly Case[],
  clients: Record<HttpClient, LoadClient>,
  settings: BenchConfig['http'],
): Promise<void> {
  const { connections, seconds, rounds, warmupCapSeconds } = settings;
  for (const c of cases) {
    // The rotating client sends each token of the pool once, whatever the connections, and
    // at least WARM_UP_REQUESTS in all: a server that saw only a thousand requests still
    // runs partly unoptimised code, and a thin middleware looked slower than a thick one.
    const warm = await clients[c.client].run({
      url: c.server.url,
      tokens: c.tokens,
      connections,
      requests: 'rotating',
      amount: Math.max(c.tokens.length, WARM_UP_REQUESTS),
      // A pool's pass may take longer than the cap: our cache must hold every token of it
      // before the rounds, or the first round measures first verifications.
      maxSeconds:
        c.mode === 'cold' ? Math.max(warmupCapSeconds, POOL_WARM_UP_SECONDS) : warmupCapSeconds,
      expect: isRefusal(c.mode) ? 'refused' : 'ok',
    });
    c.failures += warm.failures;
  }
  for (let round = 0; round < rounds; round += 1) {
    const shift = round % cases.length;
    for (const c of [...cases.slice(shift), ...cases.slice(0, shift)]) {
      const requests = c.client === 'own-process' ? 'static' : 'rotating';
      const { url } = c.server;
      const cpuBefore = await c.server.cpuSeconds();
      const result = await clients[c.client].run({
        url,
        tokens: c.tokens,
        connections,
        requests,
        seconds,
        expect: isRefusal(c.mode) ? 'refused' : 'ok',
      });
      c.serverCpu.push(((await c.server.cpuSeconds()) - cpuBefore) / result.seconds);
      c.rps.push(result.rps);
      c.p99.push(result.p99Ms);
      c.clientCpu.push(result.cpu);
      c.failures += result.failures;
    }
  }
}
