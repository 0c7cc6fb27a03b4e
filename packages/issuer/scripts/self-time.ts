/**
 * Self time by function from a V8 `.cpuprofile` (what `node --cpu-prof` writes): the share
 * of samples in which each function was on top of the stack, largest first.
 *
 * @example
 * ```sh
 * node --import tsx scripts/self-time.ts /tmp/prof/CPU.cpuprofile 40
 * ```
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const [file, top = '40'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file!, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, index) => {
  const delta = profile.timeDeltas[index] ?? 0;
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const where = url.replace(/^.*\/(node_modules\/\.pnpm\/[^/]+\/node_modules\/)?/, '');
  const name = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
  self.set(name, (self.get(name) ?? 0) + delta);
  total += delta;
});
const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(top));
for (const [name, us] of rows) {
  console.log(
    `${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`,
  );
}
console.log(`total ${(total / 1000).toFixed(0)} ms`);
