/**
 * The Web-standard entry of `@jwt-guard/next`, `protect.authenticate(request)`, as its
 * README shows it: `examples/next/web/bun-server.ts` under Bun and `deno-server.ts` under
 * Deno (bundled for Web APIs only, as the edge suite bundles), and the SvelteKit/Astro
 * endpoint called with a real `Request`; each against a real local issuer.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EDGE_BUILD_OPTIONS } from './bundle.js';
import { type ChildServer, startChildServer } from './child-server.js';
import { bunBinary, denoBinary } from './runtime-binaries.js';

const example = (file: string) =>
  fileURLToPath(new URL(`../../examples/next/web/${file}`, import.meta.url));
const NEXT_SOURCE = fileURLToPath(new URL('../../packages/next/src/index.ts', import.meta.url));

let issuer: TestIssuer;
let dir: string;

beforeAll(async () => {
  issuer = await createTestIssuer();
  dir = await mkdtemp(join(tmpdir(), 'jwt-guard-next-web-'));
  await build({
    ...EDGE_BUILD_OPTIONS,
    alias: { ...EDGE_BUILD_OPTIONS.alias, '@jwt-guard/next': NEXT_SOURCE },
    entryPoints: { bun: example('bun-server.ts'), deno: example('deno-server.ts') },
    outdir: dir,
  });
});
afterAll(async () => {
  await issuer?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const VARIABLES = ['JWT_ISSUER', 'JWT_AUDIENCE', 'PORT'];
const env = (): NodeJS.ProcessEnv => {
  const { NODE_OPTIONS: _dropped, ...rest } = process.env;
  return {
    ...rest,
    JWT_ISSUER: issuer.issuer,
    JWT_AUDIENCE: issuer.audience,
    PORT: '0',
    DENO_NO_UPDATE_CHECK: '1',
    DENO_DIR: join(dir, 'deno-dir'),
    DO_NOT_TRACK: '1',
  };
};

const RUNTIMES: ReadonlyArray<[string, () => Promise<ChildServer>]> = [
  [
    'Bun.serve',
    () => startChildServer(bunBinary(), ['--no-install', 'bun.js'], { cwd: dir, env: env() }),
  ],
  [
    'Deno.serve',
    () =>
      startChildServer(
        denoBinary(),
        [
          'run',
          '--no-prompt',
          '--no-config',
          '--allow-net=127.0.0.1',
          `--allow-env=${VARIABLES.join(',')}`,
          'deno.js',
        ],
        { cwd: dir, env: env() },
      ),
  ],
];

describe.each(RUNTIMES)('examples/next/web: %s', (_name, start) => {
  it('answers 200 with the verified subject, and 401 with the bare challenge without a token', async () => {
    const server = await start();
    try {
      const ok = await fetch(`${server.base}/`, {
        headers: { authorization: `Bearer ${await issuer.mint()}` },
      });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ sub: 'user-123' });
      const refused = await fetch(`${server.base}/`);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="api"');
      expect(await refused.text()).toBe('Authentication is required');
    } finally {
      await server.stop();
    }
  });
});

describe('examples/next/web: a SvelteKit or Astro endpoint', () => {
  it('answers 200 with a token and 401 invalid_token for an expired one', async () => {
    // The endpoint module reads its settings when it loads, as in an app.
    vi.stubEnv('JWT_ISSUER', issuer.issuer);
    vi.stubEnv('JWT_AUDIENCE', issuer.audience);
    const { GET } = await import('../../examples/next/web/sveltekit-endpoint.js');
    vi.unstubAllEnvs();
    const request = async (token: string) =>
      new Request('http://127.0.0.1/api/me', { headers: { authorization: `Bearer ${token}` } });
    const ok = await GET({ request: await request(await issuer.mint()) });
    expect(await ok.json()).toEqual({ sub: 'user-123' });
    const expired = await GET({ request: await request(await issuer.mint({ expiresIn: -60 })) });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });
});
