/**
 * Reads a `.cpuprofile` (V8's format, as `node --cpu-prof` writes it): self time per frame
 * and per owner (ours, the framework, Node, the socket write), over the profile's last
 * seconds only (the flood, not start-up), divided by the requests answered then.
 */
import { readFile } from 'node:fs/promises';

/** Self time per request, in µs: by owner, and by frame (`name | where | owner`). */
export interface ProfileSummary {
  readonly total: number;
  readonly owners: ReadonlyMap<string, number>;
  readonly frames: ReadonlyMap<string, number>;
}

interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: {
      readonly functionName: string;
      readonly url: string;
      readonly lineNumber: number;
    };
  }[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const SOCKET_WRITES = new Set(['writev', 'writeBuffer', 'writeUtf8String', 'writeLatin1String']);

/** Who a frame belongs to, from its script's URL. */
function ownerOf(url: string, name: string): string {
  if (url.includes('/packages/core/')) return 'ours: core';
  if (/\/packages\/(express|koa|hono|fastify|nestjs)\//.test(url)) return 'ours: adapter';
  if (url.includes('/bench/src/')) return 'bench app (route)';
  if (url.includes('/node_modules/')) return 'framework (JS)';
  if (url.startsWith('node:internal/crypto')) return 'node:crypto (JS and native)';
  if (url.startsWith('node:')) return 'node:http, streams (JS)';
  if (SOCKET_WRITES.has(name)) return 'socket write (native)';
  if (name === '(garbage collector)') return 'GC';
  return 'other native / V8';
}

// `file:///…/node_modules/.pnpm/koa@3/node_modules/koa/lib/response.js` → `koa/…/response.js`
function shortWhere(url: string, line: number): string {
  if (url === '') return '';
  const path = url
    .replace(/^file:\/\//, '')
    .replace(/^.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '');
  const parts = path.replace(/^.*\/(packages|bench)\//, '$1/').split('/');
  return `${parts[0]}/…/${parts.at(-1)}:${line + 1}`;
}

/**
 * Summarises the last `seconds` of `file` over `requests` requests.
 *
 * @example
 * ```ts
 * const summary = await summariseProfile(file, 8, 96_000);
 * summary.owners.get('ours: core'); // µs per request
 * ```
 */
export async function summariseProfile(
  file: string,
  seconds: number,
  requests: number,
): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const selfTime = new Map<number, number>();
  const from = profile.endTime - seconds * 1e6;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at >= from) selfTime.set(id, (selfTime.get(id) ?? 0) + delta);
  });
  const owners = new Map<string, number>();
  const frames = new Map<string, number>();
  let total = 0;
  for (const { id, callFrame } of profile.nodes) {
    const micros = selfTime.get(id) ?? 0;
    if (micros === 0 || callFrame.functionName === '(idle)') continue;
    const perRequest = micros / requests;
    const owner = ownerOf(callFrame.url, callFrame.functionName);
    const frame = `\`${callFrame.functionName || '(anonymous)'}\` | ${shortWhere(callFrame.url, callFrame.lineNumber)} | ${owner}`;
    total += perRequest;
    owners.set(owner, (owners.get(owner) ?? 0) + perRequest);
    frames.set(frame, (frames.get(frame) ?? 0) + perRequest);
  }
  return { total, owners, frames };
}

const signed = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(1)}`;

/** What the two columns of a comparison are called. */
export interface ComparedLabels {
  readonly measured: string;
  readonly baseline: string;
}

const FLOOD_LABELS: ComparedLabels = {
  measured: 'refused (flood)',
  baseline: 'accepted (cached token)',
};

/**
 * Markdown: one traffic's time per request (by default a refused flood's) beside a
 * baseline's (an accepted token's), by owner, then the first one's `top` frames.
 *
 * @example
 * ```ts
 * console.log(compareProfiles(refused, accepted, 10));
 * console.log(compareProfiles(pool, oneToken, 10, { measured: 'pool', baseline: 'one token' }));
 * ```
 */
export function compareProfiles(
  refused: ProfileSummary,
  accepted: ProfileSummary,
  top: number,
  labels: ComparedLabels = FLOOD_LABELS,
): string {
  const gap = (owner: string) =>
    (refused.owners.get(owner) ?? 0) - (accepted.owners.get(owner) ?? 0);
  const owners = [...new Set([...refused.owners.keys(), ...accepted.owners.keys()])].sort(
    (a, b) => gap(b) - gap(a),
  );
  const frames = [...refused.frames].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [
    `| where the server's busy time goes, µs per request | ${labels.measured} | ${labels.baseline} | difference |`,
    '|---|---|---|---|',
    ...owners.map(
      (owner) =>
        `| ${owner} | ${(refused.owners.get(owner) ?? 0).toFixed(1)} | ${(accepted.owners.get(owner) ?? 0).toFixed(1)} | ${signed(gap(owner))} |`,
    ),
    `| **all** | **${refused.total.toFixed(1)}** | **${accepted.total.toFixed(1)}** | **${signed(refused.total - accepted.total)}** (×${(refused.total / accepted.total).toFixed(2)}) |`,
    '',
    `| µs/req ${labels.measured} | µs/req ${labels.baseline} | frame | where | owner |`,
    '|---|---|---|---|---|',
    ...frames.map(
      ([frame, micros]) =>
        `| ${micros.toFixed(2)} | ${(accepted.frames.get(frame) ?? 0).toFixed(2)} | ${frame} |`,
    ),
  ].join('\n');
}
