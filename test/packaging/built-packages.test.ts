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
/**
 * The values an app needs besides the middleware, which every adapter re-exports from core
 * so that an app depends on one package (issue 19 §2.8): `instanceof` needs the classes as
 * values, not types.
 */
const APP_VALUES = [
  'JwtGuardError',
  'UnauthorizedError',
  'InvalidRequestError',
  'InvalidTokenError',
  'InsufficientScopeError',
  'KeysUnavailableError',
  'RevocationUnavailableError',
  'TokenClientError',
  'StoreError',
  'toErrorResponse',
  'ERROR_CODES',
  'createTokenClient',
  'createVerifier',
  'createMemoryStore',
  'createKvStore',
  'createCacheApiStore',
  'createDenyList',
  'createDpopNonces',
  'createMemoryReplayStore',
  'presets',
  'allOf',
  'anyOf',
  'not',
  'claim',
  'hasScopes',
  'hasAnyScope',
  'hasRoles',
  'hasAnyRole',
  'authorize',
] as const;
const ADAPTERS = [
  '@jwt-guard/express',
  '@jwt-guard/koa',
  '@jwt-guard/hono',
  '@jwt-guard/next',
  '@jwt-guard/fastify',
] as const;
/** Where each of the app values lives in core: its home entry points (not `/app`). */
const CORE_HOMES = [
  '@jwt-guard/core',
  '@jwt-guard/core/policy',
  '@jwt-guard/core/presets',
  '@jwt-guard/core/store',
  '@jwt-guard/core/dpop',
  '@jwt-guard/core/client',
] as const;
/** Each entry point, with names it must export. */
const ENTRY_POINTS = {
  '@jwt-guard/core': ['createVerifier', 'extractBearerToken', 'JwtGuardError'],
  '@jwt-guard/core/app': APP_VALUES,
  '@jwt-guard/core/policy': ['allOf', 'hasScopes', 'authorize', 'createScopeGuard'],
  '@jwt-guard/core/realtime': ['createUpgradeGuard', 'closeOnExpiry', 'watchExpiry'],
  '@jwt-guard/core/presets': ['presets'],
  '@jwt-guard/core/store': [
    'createMemoryStore',
    'StoreError',
    'JwtGuardStoreObject',
    'JwtGuardRevocationObject',
    'createDurableObjectRevocationFeed',
  ],
  '@jwt-guard/core/client': ['createTokenClient', 'TokenClientError'],
  '@jwt-guard/core/discovery': ['discoveryUrls', 'fetchJson', 'FetchJsonError'],
  '@jwt-guard/core/dpop': ['createDpopProofVerifier', 'resolveDpopOptions'],
  '@jwt-guard/core/adapter': [
    'prepareAuthenticator',
    'authenticateRequest',
    'readNodeRequest',
    'readWebRequest',
    'liftFramework',
    'createGuardMiddlewares',
    'toErrorResponse',
    'JwtGuardError',
  ],
  '@jwt-guard/express': [
    'jwtAuth',
    'requireScope',
    'requireRole',
    'requireClaim',
    'tokenEndpoints',
    ...APP_VALUES,
  ],
  '@jwt-guard/koa': [
    'jwtAuth',
    'requireScope',
    'requireRole',
    'requireClaim',
    'tokenEndpoints',
    ...APP_VALUES,
  ],
  '@jwt-guard/hono': [
    'jwtAuth',
    'requireScope',
    'requireRole',
    'requireClaim',
    'tokenEndpoints',
    'createDurableObjectStore',
    'JwtGuardStoreObject',
    ...APP_VALUES,
  ],
  '@jwt-guard/next': [
    'jwtAuth',
    'guards',
    'refusalResponse',
    'protectedResourceMetadata',
    ...APP_VALUES,
  ],
  '@jwt-guard/fastify': ['jwtAuth', 'requireScope', 'requireRole', 'requireClaim', ...APP_VALUES],
  '@jwt-guard/testing': ['createTestIssuer', 'generateTestKey', 'signRaw', 'startRedisServer'],
  '@jwt-guard/redis': ['createRedisStore'],
  '@jwt-guard/otel': ['createOtelListener'],
  '@jwt-guard/nestjs': [
    'JwtGuardModule',
    'JwtAuthGuard',
    'JwtGuardService',
    'JwtGuardExceptionFilter',
    'JwtHandshakeGuard',
    'Public',
    'Scopes',
    'Roles',
    'RequireClaim',
    'RequirePolicy',
    'AuthLevel',
    'Auth',
    ...APP_VALUES,
  ],
} as const;
// The CLI is a program, not a library: its tarball is checked like the others'.
const PACKAGES = [
  'core',
  'express',
  'koa',
  'hono',
  'next',
  'fastify',
  'testing',
  'redis',
  'otel',
  'issuer',
  'cli',
  'nestjs',
];

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

describe.each(ADAPTERS)('%s, for an app that depends on it alone', (name) => {
  // Core's own objects, not copies: a class the adapter throws is the class an app checks.
  const differingFromCore = (load: string) =>
    `${load}; const adapter = await load('${name}'); ` +
    `const core = Object.assign({}, ...(await Promise.all(${JSON.stringify(CORE_HOMES)}.map((n) => load(n))))); ` +
    `console.log(JSON.stringify(${JSON.stringify(APP_VALUES)}.filter((n) => adapter[n] !== core[n])))`;

  it("re-exports core's own values, as ESM", async () => {
    expect(await exportsOf(differingFromCore('const load = (n) => import(n)'))).toEqual([]);
  });

  it("re-exports core's own values, through require()", async () => {
    const load =
      "const { createRequire } = await import('node:module'); const load = createRequire(import.meta.url)";
    expect(await exportsOf(differingFromCore(load))).toEqual([]);
  });
});

it("lets an app tell a refusal by its adapter's own error classes", async () => {
  const { stdout } = await run(process.execPath, [join(here, 'adapter-refusals.mjs')], {
    cwd: here,
  });
  const refusal = {
    status: 401,
    jwtGuardError: true,
    unauthorizedError: true,
    code: 'ERR_NO_TOKEN',
  };
  expect(JSON.parse(stdout)).toEqual({ express: refusal, koa: refusal, hono: refusal });
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
