/** One vitest run for the whole tree; workspace packages resolve to their sources. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) =>
  fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@jwt-guard/core': src('core'),
      '@jwt-guard/express': src('express'),
      '@jwt-guard/koa': src('koa'),
      '@jwt-guard/hono': src('hono'),
      '@jwt-guard/testing': src('testing'),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
    hookTimeout: 30_000,
  },
});
