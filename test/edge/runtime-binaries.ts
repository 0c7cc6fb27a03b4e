/**
 * Finds the runtimes the `test` package installs from npm: Node 22 (package `node`, for
 * miniflare), Bun (package `bun`) and Deno (package `deno`). Each ships its binary in a
 * platform package; the install scripts allowed in pnpm-workspace.yaml put it in place.
 */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

// A real runtime binary is tens of megabytes; an install stub is a few hundred bytes.
function assertBinary(path: string, pkg: string): string {
  let size = 0;
  try {
    size = statSync(path).size;
  } catch {}
  if (size < 1_000_000) {
    throw new Error(
      `${path} is not the ${pkg} binary: the install script of npm package "${pkg}" did not run ` +
        '(it must be listed in onlyBuiltDependencies in pnpm-workspace.yaml; then pnpm install)',
    );
  }
  return path;
}

/**
 * The Node 22 binary of the `node` package (its preinstall links it in).
 *
 * @example
 * ```ts
 * spawn(node22Binary(), ['--version']);
 * ```
 */
export function node22Binary(): string {
  const dir = packageDir('node');
  const { bin } = require(join(dir, 'package.json')) as { bin: { node: string } };
  return assertBinary(join(dir, bin.node), 'node');
}

/**
 * The Bun binary of the `bun` package (its postinstall puts it over the stub).
 *
 * @example
 * ```ts
 * spawn(bunBinary(), ['--version']);
 * ```
 */
export function bunBinary(): string {
  return assertBinary(join(packageDir('bun'), 'bin', 'bun.exe'), 'bun');
}

/**
 * The Deno binary of the `deno` package, as its own `bin.cjs` finds it.
 *
 * @example
 * ```ts
 * spawn(denoBinary(), ['--version']);
 * ```
 */
export function denoBinary(): string {
  const api = require(join(packageDir('deno'), 'install_api.cjs')) as { runInstall(): string };
  return assertBinary(api.runInstall(), 'deno');
}
