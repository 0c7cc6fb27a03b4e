/**
 * A user's project for the declarations check: every library packed as it would be
 * published, installed from its tarball into a fresh directory, with its dependencies, the
 * frameworks and TypeScript 5 and 7 from the npm registry.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const fixture = fileURLToPath(new URL('./consumer/', import.meta.url));
// npm's cache for this check, kept between runs (a fresh clone starts without it), so
// later runs install from it.
const NPM_CACHE = join(root, 'node_modules/.cache/jwt-guard-consumer-types/npm');

/** The libraries a user imports (the CLI is a program). */
export const LIBRARIES = [
  'core',
  'issuer',
  'express',
  'koa',
  'hono',
  'next',
  'fastify',
  'nestjs',
  'testing',
  'redis',
  'otel',
] as const;

/** The TypeScript releases the declarations must compile on, installed under these names. */
export const TYPESCRIPTS = { 'typescript-5': '^5.9.3', 'typescript-7': '^7.0.2' } as const;
export type TypeScriptName = keyof typeof TYPESCRIPTS;

const manifest = (path: string) =>
  JSON.parse(readFileSync(join(root, path, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };

/** The frameworks and type packages a user adds, at the versions our own packages test with. */
function thirdParty(): Record<string, string> {
  const express = manifest('packages/express').devDependencies;
  const koa = manifest('packages/koa').devDependencies;
  const nest = manifest('packages/nestjs').devDependencies;
  const pick = (from: Record<string, string>, name: string) => {
    const range = from[name];
    if (range === undefined) throw new Error(`no devDependency ${name} to take a version from`);
    return { [name]: range };
  };
  return {
    ...pick(express, 'express'),
    ...pick(express, '@types/express'),
    ...pick(koa, 'koa'),
    ...pick(koa, '@types/koa'),
    ...pick(manifest('packages/hono').devDependencies, 'hono'),
    ...pick(manifest('packages/fastify').devDependencies, 'fastify'),
    ...pick(nest, '@nestjs/common'),
    ...pick(nest, '@nestjs/core'),
    ...pick(nest, 'reflect-metadata'),
    ...pick(nest, 'rxjs'),
    ...pick(manifest('packages/otel').devDependencies, '@opentelemetry/api'),
    ...pick(manifest('.').devDependencies, '@types/node'),
    ...Object.fromEntries(
      Object.entries(TYPESCRIPTS).map(([name, range]) => [name, `npm:typescript@${range}`]),
    ),
  };
}

/** A project made by {@link createConsumerProject}. */
export interface ConsumerProject {
  readonly dir: string;
  /** Runs one TypeScript release's `tsc` with `args`: its exit code and its output. */
  tsc(typescript: TypeScriptName, ...args: string[]): Promise<{ code: number; output: string }>;
  remove(): Promise<void>;
}

/** Packs every library (`pnpm pack`: `workspace:` ranges become versions) into `dir`. */
async function packLibraries(dir: string): Promise<Record<string, string>> {
  await Promise.all(
    LIBRARIES.map((name) =>
      run('pnpm', ['pack', '--pack-destination', dir], { cwd: join(root, 'packages', name) }),
    ),
  );
  const tarballs = await readdir(dir);
  return Object.fromEntries(
    LIBRARIES.map((name) => {
      const tarball = tarballs.find((file) => file.startsWith(`jwt-guard-${name}-`));
      if (!tarball) throw new Error(`pnpm pack made no tarball for @jwt-guard/${name}`);
      return [`@jwt-guard/${name}`, `file:tarballs/${tarball}`];
    }),
  );
}

/**
 * Packs the libraries, writes a project that depends on their tarballs and the fixture's
 * sources, and installs it with npm.
 */
export async function createConsumerProject(): Promise<ConsumerProject> {
  const dir = await mkdtemp(join(tmpdir(), 'jwt-guard-consumer-'));
  await mkdir(join(dir, 'tarballs'));
  const libraries = await packLibraries(join(dir, 'tarballs'));
  const pkg = {
    name: 'jwt-guard-consumer',
    private: true,
    type: 'module',
    dependencies: { ...libraries, ...thirdParty() },
    // An adapter's `@jwt-guard/core` and `@jwt-guard/issuer` dependencies are the tarballs
    // too, never the registry's.
    overrides: {
      '@jwt-guard/core': '$@jwt-guard/core',
      '@jwt-guard/issuer': '$@jwt-guard/issuer',
    },
  };
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  for (const file of await readdir(fixture)) await copyFile(join(fixture, file), join(dir, file));
  const install = (...extra: string[]) =>
    run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--cache', NPM_CACHE, ...extra],
      {
        cwd: dir,
        timeout: 150_000,
      },
    );
  // Offline first, from the kept cache; a cache that lacks a version asked for (a bumped
  // range) fails that, and npm then asks the registry.
  await install('--prefer-offline').catch(() => install());
  return {
    dir,
    tsc: (typescript, ...args) => compile(dir, typescript, args),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

async function compile(dir: string, typescript: TypeScriptName, args: string[]) {
  const tsc = join(dir, 'node_modules', typescript, 'bin/tsc');
  if (!existsSync(tsc)) throw new Error(`${typescript} is not installed in ${dir}`);
  try {
    const { stdout } = await run(process.execPath, [tsc, ...args], { cwd: dir });
    return { code: 0, output: stdout.trim() };
  } catch (error) {
    const { code, stdout } = error as { code?: number; stdout?: string };
    return { code: code ?? -1, output: (stdout ?? String(error)).trim() };
  }
}
