/**
 * The scenario table against Next.js route handlers (`@jwt-guard/next`) on workerd through
 * miniflare, the Edge runtime's engine: the handlers bundled for Web APIs only (a Node
 * built-in anywhere fails the build, as `next build` fails an Edge route), served by a
 * child process on 127.0.0.1 and stopped by this suite.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { describeConformance } from '../conformance/fixture.js';
import { EDGE_BUILD_OPTIONS } from './bundle.js';
import { startChildServer } from './child-server.js';
import { toEdgeVariables } from './edge-config.js';
import { node22Binary } from './runtime-binaries.js';

const LAUNCHER = fileURLToPath(new URL('./miniflare-launcher.ts', import.meta.url));
const ENTRY = fileURLToPath(new URL('./next-workerd-entry.ts', import.meta.url));
const NEXT_SOURCE = fileURLToPath(new URL('../../packages/next/src/index.ts', import.meta.url));
const COMPATIBILITY_DATE = '2026-07-01';

let bundled: Promise<{ dir: string; file: string; inputs: string[] }> | undefined;
const bundle = () => {
  bundled ??= mkdtemp(join(tmpdir(), 'jwt-guard-next-edge-')).then(async (dir) => {
    const file = join(dir, 'next-workerd.js');
    const result = await build({
      ...EDGE_BUILD_OPTIONS,
      alias: { ...EDGE_BUILD_OPTIONS.alias, '@jwt-guard/next': NEXT_SOURCE },
      entryPoints: [ENTRY],
      outfile: file,
      metafile: true,
    });
    return { dir, file, inputs: Object.keys(result.metafile.inputs) };
  });
  return bundled;
};
afterAll(async () => {
  const dir = await bundled?.then(({ dir }) => dir).catch(() => undefined);
  if (dir) await rm(dir, { recursive: true, force: true });
});

describeConformance('next on edge (workerd)', async (config) => {
  const { dir, file } = await bundle();
  const { NODE_OPTIONS: _dropped, ...env } = process.env;
  const vars = Object.entries(toEdgeVariables(config)).flatMap(([name, value]) => [
    '--var',
    `${name}=${value}`,
  ]);
  return startChildServer(
    node22Binary(),
    [LAUNCHER, '--script', file, '--compatibility-date', COMPATIBILITY_DATE, ...vars],
    { cwd: dir, env: { ...env, TMPDIR: dir, DO_NOT_TRACK: '1' } },
  );
});

describe('next edge bundle', () => {
  it('is built from the workspace sources of core and the Next adapter', async () => {
    const { inputs } = await bundle();
    expect(inputs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/packages\/core\/src\/web\/read-request\.ts$/),
        expect.stringMatching(/packages\/next\/src\/protect\.ts$/),
      ]),
    );
  });
});
