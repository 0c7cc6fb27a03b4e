/**
 * The token-endpoint rows against the Hono app on workerd (through miniflare), Bun and Deno:
 * `@jwt-guard/issuer` and the Hono adapter bundled for Web APIs only, each runtime a child
 * process serving on 127.0.0.1. The app takes its issuer from its first request's origin.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll } from 'vitest';
import { describeTokenEndpoints } from '../conformance/token-endpoint-fixture.js';
import { EDGE_BUILD_OPTIONS } from './bundle.js';
import { startChildServer } from './child-server.js';
import { bunBinary, denoBinary, node22Binary } from './runtime-binaries.js';

const LAUNCHER = fileURLToPath(new URL('./miniflare-launcher.ts', import.meta.url));
const COMPATIBILITY_DATE = '2026-07-01';
const RUNTIMES = ['workerd', 'bun', 'deno'] as const;
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

let bundles: Promise<{ dir: string; files: Record<(typeof RUNTIMES)[number], string> }> | undefined;
const bundle = () => {
  bundles ??= mkdtemp(join(tmpdir(), 'jwt-guard-edge-tokens-')).then(async (dir) => {
    await build({
      ...EDGE_BUILD_OPTIONS,
      alias: {
        ...EDGE_BUILD_OPTIONS.alias,
        '@jwt-guard/issuer': here('../../packages/issuer/src/index.ts'),
      },
      entryPoints: Object.fromEntries(RUNTIMES.map((r) => [r, here(`./token-${r}-entry.ts`)])),
      outdir: dir,
    });
    const files = Object.fromEntries(RUNTIMES.map((r) => [r, join(dir, `${r}.js`)]));
    return { dir, files: files as Record<(typeof RUNTIMES)[number], string> };
  });
  return bundles;
};
afterAll(async () => {
  const dir = await bundles?.then(({ dir }) => dir).catch(() => undefined);
  if (dir) await rm(dir, { recursive: true, force: true });
});

const childEnv = (dir: string): NodeJS.ProcessEnv => {
  const { NODE_OPTIONS: _dropped, ...env } = process.env;
  // Nothing reaches for the network but the app; temporary files go where afterAll removes them.
  return { ...env, DENO_NO_UPDATE_CHECK: '1', DENO_DIR: join(dir, 'deno-dir'), TMPDIR: dir };
};

const served = (server: { base: string; stop(): Promise<void> }) => ({
  origin: server.base,
  stop: () => server.stop(),
});

describeTokenEndpoints('hono on workerd', async () => {
  const { dir, files } = await bundle();
  const args = [LAUNCHER, '--script', files.workerd, '--compatibility-date', COMPATIBILITY_DATE];
  return served(await startChildServer(node22Binary(), args, { cwd: dir, env: childEnv(dir) }));
});

describeTokenEndpoints('hono on bun', async () => {
  const { dir, files } = await bundle();
  const args = ['--no-install', files.bun];
  return served(await startChildServer(bunBinary(), args, { cwd: dir, env: childEnv(dir) }));
});

describeTokenEndpoints('hono on deno', async () => {
  const { dir, files } = await bundle();
  const args = ['run', '--no-prompt', '--no-config', '--allow-net=127.0.0.1', files.deno];
  return served(await startChildServer(denoBinary(), args, { cwd: dir, env: childEnv(dir) }));
});
