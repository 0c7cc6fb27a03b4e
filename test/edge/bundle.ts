/**
 * Bundles the edge entries with esbuild into one ESM file per runtime, for Web APIs only:
 * platform `neutral` with the `worker` and `browser` conditions, so any Node built-in that
 * core, the Hono adapter or their dependencies import fails the build instead of reaching
 * a runtime that lacks it.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build } from 'esbuild';

const source = (pkg: string, entry = 'index') =>
  fileURLToPath(new URL(`../../packages/${pkg}/src/${entry}.ts`, import.meta.url));
const entry = (name: string) => fileURLToPath(new URL(`./${name}-entry.ts`, import.meta.url));

/** The runtimes an entry exists for. */
export type EdgeRuntime = 'workerd' | 'bun' | 'deno';

/** The esbuild options every edge bundle is built with. */
export const EDGE_BUILD_OPTIONS = {
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  conditions: ['worker', 'browser'],
  mainFields: ['browser', 'module', 'main'],
  target: 'es2022',
  // The workspace sources, as vitest resolves them: the bundle tests this checkout.
  alias: {
    '@jwt-guard/core/adapter': source('core', 'adapter'),
    '@jwt-guard/core/dpop': source('core', 'dpop/server'),
    '@jwt-guard/core/app': source('core', 'app'),
    '@jwt-guard/core/policy': source('core', 'policy/index'),
    '@jwt-guard/core/realtime': source('core', 'realtime/index'),
    '@jwt-guard/core/presets': source('core', 'presets/index'),
    '@jwt-guard/core/store': source('core', 'store-entry'),
    '@jwt-guard/core/client': source('core', 'client/index'),
    '@jwt-guard/core': source('core'),
    '@jwt-guard/hono': source('hono'),
  },
  logLevel: 'silent',
} as const satisfies BuildOptions;

/** Where each runtime's bundle was written, and every source file that went into them. */
export interface EdgeBundles {
  readonly dir: string;
  readonly files: Readonly<Record<EdgeRuntime, string>>;
  readonly inputs: readonly string[];
}

/**
 * Writes `workerd.js`, `bun.js` and `deno.js` to `outDir`. Rejects with esbuild's errors,
 * among them any import of a Node built-in.
 *
 * @example
 * ```ts
 * const { files } = await bundleEdgeEntries(await mkdtemp(join(tmpdir(), 'edge-')));
 * ```
 */
export async function bundleEdgeEntries(outDir: string): Promise<EdgeBundles> {
  const runtimes: readonly EdgeRuntime[] = ['workerd', 'bun', 'deno'];
  const result = await build({
    ...EDGE_BUILD_OPTIONS,
    entryPoints: Object.fromEntries(runtimes.map((runtime) => [runtime, entry(runtime)])),
    outdir: outDir,
    metafile: true,
  });
  const files = Object.fromEntries(
    runtimes.map((runtime) => [runtime, join(outDir, `${runtime}.js`)]),
  ) as Record<EdgeRuntime, string>;
  return { dir: outDir, files, inputs: Object.keys(result.metafile.inputs) };
}
