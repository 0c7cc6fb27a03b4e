/**
 * The Workers demo in one command (`pnpm start`): a local issuer, the Worker bundled with
 * esbuild and served by workerd through miniflare on 127.0.0.1 (PORT, default 8787), and
 * ready-to-paste curl commands. Miniflare needs Node 22 or later; `pnpm start` runs this
 * with the Node 22 of the `node` devDependency. Run `pnpm build` at the root first: the
 * Worker imports the built @jwt-guard/hono, as a deployed one would.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { runDemo } from '@jwt-guard/example-kit';
import { build } from 'esbuild';

if (Number(process.versions.node.split('.')[0]) < 22) {
  console.error(`miniflare needs Node 22 or later, this is ${process.version}: use pnpm start`);
  process.exit(1);
}
const { Miniflare } = await import('miniflare');

// What a Workers build does: one ES module, Web APIs only (no nodejs_compat), so an import
// of a Node built-in anywhere fails here rather than in workerd.
const bundle = await build({
  entryPoints: [fileURLToPath(new URL('./worker.ts', import.meta.url))],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  conditions: ['worker', 'browser'],
  mainFields: ['browser', 'module', 'main'],
  target: 'es2022',
  write: false,
  logLevel: 'error',
});

await runDemo('Hono (Cloudflare Workers, workerd via miniflare)', async ({ issuer, audience }) => {
  const mf = new Miniflare({
    modules: true,
    script: bundle.outputFiles[0]!.text,
    compatibilityDate: '2026-07-01',
    bindings: { ISSUER: issuer, AUDIENCE: audience },
    host: '127.0.0.1',
    port: Number(process.env.PORT ?? 8787),
  });
  const url = await mf.ready;
  return {
    base: url.origin,
    close: async () => {
      await mf.dispose();
      // dispose() starts removing miniflare's temporary directory without awaiting it, and
      // the demo exits right after close(): give the removal a moment to finish.
      await delay(100);
    },
  };
});
