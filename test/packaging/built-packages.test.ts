/**
 * The built packages as users get them: imported by plain Node (no vitest aliases), as
 * ESM and through require(), and checked by publint.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const here = fileURLToPath(new URL('.', import.meta.url));
/** Each entry point, with names it must export. */
const ENTRY_POINTS = {
  '@jwt-guard/core': ['createVerifier', 'extractBearerToken', 'JwtGuardError'],
  '@jwt-guard/core/adapter': [
    'createAuthenticator',
    'createGuardMiddlewares',
    'toErrorResponse',
    'JwtGuardError',
  ],
  '@jwt-guard/express': ['jwtAuth', 'requireScope', 'requireRole', 'requireClaim'],
  '@jwt-guard/koa': ['jwtAuth', 'requireScope', 'requireRole', 'requireClaim'],
  '@jwt-guard/hono': ['jwtAuth', 'requireScope', 'requireRole', 'requireClaim'],
  '@jwt-guard/testing': ['createTestIssuer', 'generateTestKey', 'signRaw', 'startRedisServer'],
  '@jwt-guard/redis': ['createRedisStore'],
} as const;
const PACKAGES = ['core', 'express', 'koa', 'hono', 'testing', 'redis'];

const exportsOf = async (loader: string) => {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', loader], {
    cwd: here,
  });
  return JSON.parse(stdout) as string[];
};

describe.each(Object.entries(ENTRY_POINTS))('%s', (name, names) => {
  it('imports as ESM in plain Node', async () => {
    const keys = await exportsOf(
      `console.log(JSON.stringify(Object.keys(await import('${name}'))))`,
    );
    expect(keys).toEqual(expect.arrayContaining([...names]));
  });

  it('loads through require() (CJS build)', async () => {
    const keys = await exportsOf(
      `import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); console.log(JSON.stringify(Object.keys(require('${name}'))))`,
    );
    expect(keys).toEqual(expect.arrayContaining([...names]));
  });
});

describe.each(PACKAGES)('@jwt-guard/%s', (pkg) => {
  it('is publint clean', async () => {
    const pkgDir = fileURLToPath(new URL(`../../packages/${pkg}`, import.meta.url));
    const { messages } = await publint({ pkgDir, level: 'warning', strict: true });
    expect(messages).toEqual([]);
    const manifest = JSON.parse(readFileSync(`${pkgDir}/package.json`, 'utf8'));
    expect(manifest.type).toBe('module');
    expect(manifest.sideEffects).toBe(false);
  });
});
