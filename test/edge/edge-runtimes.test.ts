/**
 * The scenario table against the Hono conformance app on workerd (through miniflare), Bun
 * and Deno: bundled once for Web APIs only, each runtime a child process serving on
 * 127.0.0.1, started and stopped by this suite.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestIssuer } from '@jwt-guard/testing';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../conformance/app-config.js';
import { describeConformance } from '../conformance/fixture.js';
import { send } from '../conformance/send.js';
import { bundleEdgeEntries, EDGE_BUILD_OPTIONS, type EdgeBundles } from './bundle.js';
import { startChildServer } from './child-server.js';
import { CONFIG_VARIABLES, toEdgeVariables } from './edge-config.js';
import { bunBinary, denoBinary, node22Binary } from './runtime-binaries.js';

const LAUNCHER = fileURLToPath(new URL('./miniflare-launcher.ts', import.meta.url));
// Recent enough for current Workers behaviour, within what the installed workerd supports.
const COMPATIBILITY_DATE = '2026-07-01';

let bundles: Promise<EdgeBundles> | undefined;
const bundle = () => {
  bundles ??= mkdtemp(join(tmpdir(), 'jwt-guard-edge-')).then(bundleEdgeEntries);
  return bundles;
};
afterAll(async () => {
  const dir = await bundles?.then(({ dir }) => dir).catch(() => undefined);
  if (dir) await rm(dir, { recursive: true, force: true });
});

const childEnv = (config: AppConfig, dir: string): NodeJS.ProcessEnv => {
  const { NODE_OPTIONS: _dropped, ...env } = process.env;
  return {
    ...env,
    ...toEdgeVariables(config),
    // Nothing reaches for the network but the app: no update checks, no telemetry.
    DENO_NO_UPDATE_CHECK: '1',
    DENO_DIR: join(dir, 'deno-dir'),
    // Temporary files (miniflare's among them) go where afterAll removes them.
    TMPDIR: dir,
    DO_NOT_TRACK: '1',
  };
};

async function startWorkerd(config: AppConfig, flags: readonly string[] = []) {
  const { dir, files } = await bundle();
  const vars = Object.entries(toEdgeVariables(config)).flatMap(([name, value]) => [
    '--var',
    `${name}=${value}`,
  ]);
  return startChildServer(
    node22Binary(),
    [
      LAUNCHER,
      ...['--script', files.workerd, '--compatibility-date', COMPATIBILITY_DATE],
      ...flags.flatMap((flag) => ['--compatibility-flag', flag]),
      ...vars,
    ],
    { cwd: dir, env: childEnv(config, dir) },
  );
}

describeConformance('hono on workerd', (config) => startWorkerd(config));
// Most Workers enable nodejs_compat, which gives workerd a `process`: core must still take
// its WebCrypto path there, and answer the same.
describeConformance('hono on workerd with nodejs_compat', (config) =>
  startWorkerd(config, ['nodejs_compat']),
);

describeConformance('hono on bun', async (config) => {
  const { dir, files } = await bundle();
  return startChildServer(bunBinary(), ['--no-install', files.bun], {
    cwd: dir,
    env: childEnv(config, dir),
  });
});

describeConformance('hono on deno', async (config) => {
  const { dir, files } = await bundle();
  return startChildServer(
    denoBinary(),
    [
      'run',
      '--no-prompt',
      '--no-config',
      '--allow-net=127.0.0.1',
      `--allow-env=${CONFIG_VARIABLES.join(',')}`,
      files.deno,
    ],
    { cwd: dir, env: childEnv(config, dir) },
  );
});

describe('edge bundles', () => {
  it('are built from the workspace sources of core and the Hono adapter', async () => {
    const { inputs } = await bundle();
    expect(inputs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/packages\/core\/src\/keys\/fetch-json\.ts$/),
        expect.stringMatching(/packages\/hono\/src\/index\.ts$/),
      ]),
    );
  });

  it('cannot be built when anything imports a Node built-in', async () => {
    await expect(
      build({
        ...EDGE_BUILD_OPTIONS,
        stdin: { contents: "import { createHash } from 'node:crypto'; createHash;", loader: 'ts' },
        write: false,
      }),
    ).rejects.toThrow(/node:crypto/);
  });
});

describe('hono on workerd: the key cache', () => {
  it('fetches metadata and keys once per isolate, however many requests', async () => {
    const issuer = await createTestIssuer();
    const config = { issuer: issuer.issuer, audience: issuer.audience, downIssuer: issuer.issuer };
    const server = await startWorkerd(config);
    try {
      // Distinct tokens (jti), so the verified-token cache cannot answer in place of the keys.
      const call = async (jti: string) => {
        const token = await issuer.mint({ claims: { jti } });
        return (
          await send(server.base, { path: '/me', headers: [['authorization', `Bearer ${token}`]] })
        ).status;
      };
      const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => call(`burst-${i}`)));
      const sequential = [];
      for (let i = 0; i < 5; i += 1) sequential.push(await call(`next-${i}`));
      expect([...burst, ...sequential]).toEqual(Array(15).fill(200));
      expect(issuer.requests).toEqual({ discovery: 1, jwks: 1 });
    } finally {
      await server.stop();
      await issuer.close();
    }
  });
});
