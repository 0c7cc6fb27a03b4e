// Runs the unit and conformance suites again on Node 22 and 24 (the binaries come from the
// npm registry as devDependencies of test/, like the edge runtimes), after the main run on
// the Node that runs this script. Prints one line per version; fails if any run fails.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(root, 'test', 'package.json'));
const SUITES = ['packages', 'test/conformance'];

function binaryOf(pkg) {
  const dir = dirname(require.resolve(`${pkg}/package.json`));
  const { bin } = require(`${pkg}/package.json`);
  return join(dir, typeof bin === 'string' ? bin : bin.node);
}

let failed = false;
for (const [label, pkg] of [
  ['Node 22', 'node'],
  ['Node 24', 'node24'],
]) {
  const node = binaryOf(pkg);
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const started = Date.now();
  const run = spawnSync(
    node,
    [join(root, 'node_modules/vitest/vitest.mjs'), 'run', ...SUITES, '--reporter=dot'],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const seconds = Math.round((Date.now() - started) / 1000);
  const totals = /Tests\s+(.*)$/m.exec(stripVTControlCharacters(run.stdout))?.[1] ?? '';
  console.log(
    `${label} (${version}), unit and conformance: ${totals.trim() || 'no totals'} in ${seconds} s`,
  );
  if (run.status !== 0) {
    failed = true;
    process.stdout.write(run.stdout.slice(-4000));
    process.stderr.write(run.stderr.slice(-4000));
  }
}
process.exit(failed ? 1 : 0);
