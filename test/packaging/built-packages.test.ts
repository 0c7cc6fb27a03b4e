/**
 * The built packages as users get them: imported by plain Node (no vitest aliases), as
 * ESM and through require(), checked by publint, and packed by npm as they would be
 * published.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
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
  '@jwt-guard/otel': ['createOtelListener'],
} as const;
// The CLI is a program, not a library: its tarball is checked like the others'.
const PACKAGES = ['core', 'express', 'koa', 'hono', 'testing', 'redis', 'otel', 'cli'];

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

/** A test module or directory, which no tarball should hold. */
const TEST_FILE = /(^|\/)tests?\/|\.(test|spec)\.[cm]?[jt]s$/;
const packs = new Map<string, Promise<string[]>>();

/** The files `npm pack` would put in the tarball of a package (packed once per package). */
const packedFiles = (pkgDir: string) => {
  let files = packs.get(pkgDir);
  if (!files) {
    files = pack(pkgDir);
    packs.set(pkgDir, files);
  }
  return files;
};
const pack = async (pkgDir: string) => {
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: pkgDir,
  });
  const [packed] = JSON.parse(stdout) as [{ files: { path: string }[] }];
  return packed.files.map((file) => file.path);
};

describe.each(PACKAGES)('@jwt-guard/%s tarball', (pkg) => {
  const pkgDir = fileURLToPath(new URL(`../../packages/${pkg}`, import.meta.url));

  it('holds README.md, LICENSE and package.json, and no tests', async () => {
    const files = await packedFiles(pkgDir);
    expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json']));
    expect(files.filter((file) => TEST_FILE.test(file))).toEqual([]);
  });

  it('has source maps only for sources it ships', async () => {
    const files = await packedFiles(pkgDir);
    const shipped = new Set(files);
    const missing = files
      .filter((file) => file.endsWith('.map'))
      .flatMap((map) => {
        const { sources = [], sourceRoot = '' } = JSON.parse(
          readFileSync(join(pkgDir, map), 'utf8'),
        ) as { sources?: string[]; sourceRoot?: string };
        return sources
          .map((source) => normalize(join(dirname(map), sourceRoot, source)))
          .filter((source) => !shipped.has(source))
          .map((source) => `${map} -> ${source}`);
      });
    expect(missing).toEqual([]);
  });

  // A dependency's types copied into ours would drift from the dependency a user installs
  // (the Koa build once inlined jose's JWTPayload): declarations import them instead.
  it('imports, rather than inlines, the types of its dependencies', async () => {
    const inlined = (await packedFiles(pkgDir)).filter(
      (file) =>
        /\.d\.c?ts$/.test(file) &&
        readFileSync(join(pkgDir, file), 'utf8').includes('node_modules'),
    );
    expect(inlined).toEqual([]);
  });
});
