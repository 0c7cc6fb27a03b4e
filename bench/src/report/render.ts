/** The whole report as Markdown: settings, the four phases, notes. */
import type { BenchConfig } from '../config.js';
import { spread } from '../measure.js';
import type { BenchResults } from '../results.js';
import { clientCheckTable } from './client-check-table.js';
import { FLOOR_TARGET, floorTable } from './floor-table.js';
import { httpTable } from './http-table.js';
import { inProcessTables } from './in-process-table.js';
import { issuerTables } from './issuer-table.js';
import { memoryTable } from './memory-table.js';
import { targetVerdict } from './paired.js';
import { REFUSAL_COST_TARGET, refusalTable } from './refusal-table.js';

const percent = (value: number | undefined) =>
  value === undefined ? 'n/a (one round)' : `${(value * 100).toFixed(0)}%`;

/**
 * Renders a run as Markdown (printed as is, and written to results/latest.md).
 *
 * @example
 * ```ts
 * console.log(renderReport(results, config));
 * ```
 */
export function renderReport(results: BenchResults, config: BenchConfig): string {
  const { meta } = results;
  const parts = [
    `# jwt-guard bench${meta.quick ? ' (--quick: smoke test, numbers meaningless)' : ''}`,
    `${meta.date} · Node ${meta.node} · ${meta.cpus} · ${meta.seconds.toFixed(0)} s · load average ${meta.load.map((l) => l.toFixed(1)).join(' → ')}`,
  ];
  if (results.inProcess.length > 0) {
    parts.push(
      `## In-process verifications per second\n\nMedian of ${config.rounds} rounds of ${config.roundMs} ms per contender, contenders interleaved within each column (so compare down a column; across columns the machine's load may have changed). "hot": one token repeated; "cold": ${config.poolSize} distinct tokens cycled, after one warm-up pass. "seq": awaited one by one; "×${config.inFlight}": ${config.inFlight} in flight. Round-to-round spread, median over rows of (max − min) ÷ median: ${percent(spread(results.inProcess.map((r) => r.rounds)))}.\n\nEach cell: verifications/s, then ×r = the row named in "vs" ÷ this row (like for like: peers without a token cache against ours with \`cache: false\`, fast-jwt's cache against ours), then (×d) = ours with defaults ÷ this row. Above 1, ours is faster.`,
      inProcessTables(results.inProcess, config.inFlight),
    );
  }
  if (results.http.length > 0) {
    const { http } = config;
    const check = clientCheckTable(results.http);
    parts.push(
      `## HTTP: GET /hello → JSON, ${http.alg} tokens\n\nEach server in its own process, autocannon (${http.connections} connections, 127.0.0.1) in another, with static requests: the token is in the request definition, built once (the pool: one pre-built request per token, which each connection cycles). Median of ${http.lots * http.rounds} rounds of ${http.seconds} s per case: ${http.lots} lot(s) of ${http.rounds}, each lot in fresh server processes (identical servers here differ by up to a tenth in req/s for their whole life, so no one process decides a ratio), each process warmed by a pass that sends every token once. Round-to-round spread of req/s, median over rows of (max − min) ÷ median: ${percent(spread(results.http.map((r) => r.rounds)))}. Ours runs with its defaults (token cache on); the peers keep no token cache. "ours ÷ this": req/s of ours on the same framework and tokens ÷ this row; "÷ no auth", "÷ no-op": this row ÷ the same framework without auth, or behind the no-op middleware (it only reads the Authorization header into "auth" and goes on: the floor of any auth middleware). The bare middleware sets "auth" to a constant and reads nothing: what the framework charges for a middleware and a request variable alone; all are medians of per-round ratios (cases take turns within a round). "server CPU", "client CPU": CPU time of each process ÷ the run's time, median (100% = one core busy); a server near 100% with a client below it is the bottleneck. "server µs/req": the server's CPU time per request, which other work on the machine changes less than req/s.`,
      httpTable(results.http, config.http.poolSize),
      ...floorParts(results.http, http.poolSize),
      ...refusalParts(results.http),
      `### Is the server the bottleneck?\n\nEach no-auth server again, driven in turns by the old client (autocannon in the bench's process, building each request in a \`setupRequest\` callback) and by the new one. req/s rising with the cheaper client shows the old figures were the client's; the server's CPU near 100% with the client's below it shows the new ones are the server's. ${check.failed.length === 0 ? 'Result: req/s rises on every framework.' : `Result: req/s did NOT rise on ${check.failed.join(', ')}; read those rows with care (bench/README.md says what we saw).`}`,
      check.markdown,
    );
  }
  if (results.memory.rows.length > 0) {
    parts.push(
      `## Memory: heap growth after full GCs\n\nEach verifier in a fresh process verifies ${config.memoryTokens.toLocaleString('en-US')} distinct ES256 tokens, minted and let go ${'10,000'} at a time (32 in flight), with the token cache bounded at ${config.memoryCacheEntries.toLocaleString('en-US')} entries (and 16 MiB). Growth is heap after full GCs minus heap before the verifier was made: its peak (at a tenth, half and all of the tokens), at the end with the verifier alive (the full cache: it must not grow with the number of tokens), and after the verifier was let go (it must come back to about 0: nothing else kept a token).`,
      memoryTable(results.memory),
    );
  }
  if (results.issuer) {
    const { rounds, roundMs, families } = config.issuer;
    parts.push(
      `## Issuer: issue() and refresh()\n\nCalls per second, each awaited before the next; median of ${rounds} rounds of ${roundMs} ms per case, the cases of each table taking turns within every round (after a full GC), and each ratio the median of per-round ratios. issue() gives every call its own subject, so each writes a family record and a subject index entry, as logins do. "store answering at once": issue() with its store calls answered at once and nothing kept, i.e. all of issue() but the store. refresh() presents the latest token of one of ${families} families in turn (a record of the family, rotated by one compare-and-set). "spread": (max − min) ÷ median over the rounds.`,
      issuerTables(results.issuer),
    );
  }
  for (const section of results.sections ?? []) parts.push(section.markdown);
  if (results.notes.length > 0) {
    parts.push(`## Notes\n\n${results.notes.map((n) => `- ${n}`).join('\n')}`);
  }
  return `${parts.join('\n\n')}\n`;
}

// Ours against the floor, and which of its targets the run missed.
function floorParts(rows: BenchResults['http'], poolSize: number): string[] {
  const { markdown, missed } = floorTable(rows, poolSize);
  return [
    `### Ours against the floor\n\nReq/s of ours ÷ the no-op middleware (reads the header into "auth": the floor of any auth middleware; target at least ${FLOOR_TARGET}), ÷ the route without auth, and the pool ÷ one token (target at least ${FLOOR_TARGET}): median of per-round ratios, (lowest–highest round). ${targetVerdict(missed)}`,
    markdown,
  ];
}

// The refused floods' table, when the run had any.
function refusalParts(rows: BenchResults['http']): string[] {
  const { markdown, missed } = refusalTable(rows);
  if (!markdown.includes('×')) return [];
  return [
    `### Refused requests\n\nEach flood sends one refused request again and again (no \`Authorization\`, or one token: malformed, signed by no key of the issuer's, expired, from an issuer not trusted, or naming a \`kid\` the issuer never published). Each cell: the server's CPU time per refused request ÷ per accepted request on the same server (one token repeated, which ours answers from its cache): target at most ×${REFUSAL_COST_TARGET} for ours; then · the flood's req/s ÷ the same framework's route without auth. Medians of per-round ratios (lowest–highest round). ${targetVerdict(missed)}`,
    markdown,
  ];
}
