/**
 * CPU profiles of the floors' hot loops, for `bench/results/profiles-dpop-jwe.md`: the
 * top self-time frames of a loop, profiled alone (set-up excluded) with node:inspector.
 */
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly hitCount?: number;
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** One frame's share of the samples. */
export interface FrameShare {
  readonly frame: string;
  readonly percent: number;
}

const shortUrl = (url: string) =>
  url
    .replace(/^file:\/\/.*\/node_modules\/\.pnpm\/([^/]+)\/node_modules\/[^/]+\//, '$1/')
    .replace(/^file:\/\/.*\/packages\//, 'packages/')
    .replace(/^node:/, 'node:');

/**
 * Runs `loop` under the profiler and returns the `top` frames by self time.
 *
 * @example
 * ```ts
 * const frames = await profileLoop(() => runRequests(2000), 15);
 * ```
 */
export async function profileLoop(loop: () => Promise<void>, top = 15): Promise<FrameShare[]> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 50 });
  await session.post('Profiler.start');
  await loop();
  const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
  session.disconnect();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  for (const id of profile.samples) {
    const { callFrame } = byId.get(id)!;
    const name = callFrame.functionName || '(anonymous)';
    const where = callFrame.url ? ` ${shortUrl(callFrame.url)}:${callFrame.lineNumber + 1}` : '';
    const frame = `${name}${where}`;
    self.set(frame, (self.get(frame) ?? 0) + 1);
  }
  const total = profile.samples.length;
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([frame, hits]) => ({ frame, percent: (hits * 100) / total }));
}
