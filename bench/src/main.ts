/**
 * `pnpm --filter @jwt-guard/bench bench [--quick] [--only=inproc,http,memory,issuer]`: runs the
 * phases against one local test issuer, prints the report and saves it under results/.
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createTestIssuer } from '@jwt-guard/testing';
import { type Alg, type Phase, parseConfig } from './config.js';
import { runHttp } from './http/phase.js';
import { refusalTokens } from './http/refusals.js';
import { runInProcess } from './in-process.js';
import { runIssuer } from './issuer/phase.js';
import { runMemory } from './memory/phase.js';
import { ratioChart } from './report/chart.js';
import { renderReport } from './report/render.js';
import { writeResults } from './report/write.js';
import type { BenchResults, IssuerResults } from './results.js';
import { runSections } from './section-phases.js';
import { mintTokens } from './tokens.js';

const config = parseConfig(process.argv.slice(2));
const log = (line: string) => console.error(line);
const started = performance.now();
const loadAtStart = loadavg()[0]!;
const elapsed = () => ((performance.now() - started) / 1000).toFixed(0);
const notes = new Set<string>();
if (!globalThis.gc) notes.add('run without --expose-gc: no GC between cells, no memory phase');

const issuer = await createTestIssuer();
let results: BenchResults;
try {
  log(`minting ${config.poolSize} distinct tokens per algorithm...`);
  const pools = new Map<Alg, readonly string[]>();
  const { http: httpConfig } = config;
  for (const alg of config.algorithms) {
    // The HTTP pool may be larger; the in-process phase takes the first poolSize of it.
    const forHttp = config.phases.has('http') && alg === httpConfig.alg;
    const count = forHttp ? Math.max(config.poolSize, httpConfig.poolSize) : config.poolSize;
    pools.set(alg, await mintTokens(issuer, alg, count));
  }
  const inProcessPools = new Map([...pools].map(([alg, p]) => [alg, p.slice(0, config.poolSize)]));

  const phase = async <T>(name: Phase, title: string, run: () => Promise<T>, none: T) => {
    if (!config.phases.has(name)) return none;
    log(`[${elapsed()} s] ${title}`);
    return run();
  };
  const inProcess = await phase(
    'inproc',
    'phase 1: in-process',
    () => runInProcess(issuer, inProcessPools, config, notes, log),
    [],
  );
  const http = await phase(
    'http',
    'phase 2: HTTP',
    async () => {
      const pool = pools.get(httpConfig.alg)!.slice(0, httpConfig.poolSize);
      const refused = await refusalTokens(issuer, httpConfig.alg);
      return runHttp(issuer, { pool, refused }, config, notes, log);
    },
    [],
  );
  const memory = globalThis.gc
    ? await phase(
        'memory',
        `phase 3: memory (${config.memoryTokens} tokens)`,
        () => runMemory(config),
        { rows: [] },
      )
    : { rows: [] };
  const issuerPhase = await phase<IssuerResults | undefined>(
    'issuer',
    'phase 4: issuer (issue, refresh)',
    () => runIssuer(config, log),
    undefined,
  );
  const sections = await runSections(config, issuer, inProcessPools, (name, title, run) =>
    phase(name, title, run, undefined),
  );
  notes.add(
    `the test issuer served ${issuer.requests.discovery} discovery and ${issuer.requests.jwks} JWKS requests in all`,
  );

  results = {
    meta: {
      date: new Date().toISOString(),
      node: process.version,
      cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`,
      quick: config.quick,
      seconds: (performance.now() - started) / 1000,
      load: [loadAtStart, loadavg()[0]!],
      settings: { ...config, phases: [...config.phases] },
    },
    inProcess,
    http,
    memory,
    ...(issuerPhase ? { issuer: issuerPhase } : {}),
    ...(sections.length > 0 ? { sections } : {}),
    notes: [...notes],
  };
} finally {
  await issuer.close();
}

const markdown = renderReport(results, config);
console.log(markdown);
const chart = ratioChart(
  results.http,
  config.http.poolSize,
  `${results.meta.date.slice(0, 16)} · Node ${results.meta.node} · ${results.meta.cpus}${config.quick ? ' · --quick' : ''}`,
);
const written = await writeResults(results, markdown, chart);
log(`[${elapsed()} s] written: ${written.join(', ')}`);
