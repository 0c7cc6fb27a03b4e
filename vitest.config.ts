/** One vitest run for the whole tree; workspace packages resolve to their sources. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string, entry = 'index') =>
  fileURLToPath(new URL(`./packages/${pkg}/src/${entry}.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@jwt-guard\/core\/(adapter|app|discovery)$/, replacement: src('core', '$1') },
      {
        find: /^@jwt-guard\/core\/(policy|realtime|presets|client)$/,
        replacement: src('core', '$1/index'),
      },
      { find: /^@jwt-guard\/core\/store$/, replacement: src('core', 'store-entry') },
      { find: /^@jwt-guard\/core\/dpop$/, replacement: src('core', 'dpop/server') },
      { find: /^@jwt-guard\/core$/, replacement: src('core') },
      { find: /^@jwt-guard\/express$/, replacement: src('express') },
      { find: /^@jwt-guard\/koa$/, replacement: src('koa') },
      { find: /^@jwt-guard\/hono$/, replacement: src('hono') },
      { find: /^@jwt-guard\/next$/, replacement: src('next') },
      { find: /^@jwt-guard\/fastify$/, replacement: src('fastify') },
      { find: /^@jwt-guard\/testing$/, replacement: src('testing') },
      { find: /^@jwt-guard\/redis$/, replacement: src('redis') },
      { find: /^@jwt-guard\/otel$/, replacement: src('otel') },
      { find: /^@jwt-guard\/issuer$/, replacement: src('issuer') },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
    hookTimeout: 30_000,
  },
});
