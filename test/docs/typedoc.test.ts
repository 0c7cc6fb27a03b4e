/**
 * The API reference builds from the TSDoc with warnings as errors: a new export without
 * docs, or a broken `{@link}`, fails here rather than in `pnpm docs`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const typedoc = join(root, 'node_modules', 'typedoc', 'bin', 'typedoc');

it('builds the API reference of every public entry point without a warning', async () => {
  const out = await mkdtemp(join(tmpdir(), 'jwt-guard-docs-'));
  try {
    await promisify(execFile)(process.execPath, [typedoc, '--out', out], { cwd: root });
    expect((await readdir(join(out, 'modules'))).sort()).toEqual([
      '_jwt-guard_core.html',
      '_jwt-guard_core_adapter.html',
      '_jwt-guard_core_app.html',
      '_jwt-guard_core_client.html',
      '_jwt-guard_core_discovery.html',
      '_jwt-guard_core_dpop.html',
      '_jwt-guard_core_policy.html',
      '_jwt-guard_core_presets.html',
      '_jwt-guard_core_presets.presets.html',
      '_jwt-guard_core_realtime.html',
      '_jwt-guard_core_store.html',
      '_jwt-guard_express.html',
      '_jwt-guard_fastify.html',
      '_jwt-guard_hono.html',
      '_jwt-guard_issuer.html',
      '_jwt-guard_koa.html',
      '_jwt-guard_nestjs.html',
      '_jwt-guard_next.html',
      '_jwt-guard_otel.html',
      '_jwt-guard_redis.html',
      '_jwt-guard_testing.html',
    ]);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}, 120_000);
