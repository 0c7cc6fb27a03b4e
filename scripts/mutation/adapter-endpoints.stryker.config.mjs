/**
 * Mutation testing of the adapters' token endpoints (the issuer's Node lifting that Express
 * and Koa use, Hono's lifting, and core's capped body reader for fetch requests), killed by the
 * token-endpoint conformance rows on the current majors. On demand only:
 * `pnpm exec stryker run scripts/mutation/adapter-endpoints.stryker.config.mjs`.
 */
import base from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  vitest: { configFile: 'scripts/mutation/adapter-endpoints.vitest.config.ts' },
  mutate: [
    'packages/issuer/src/endpoints/serve-node.ts',
    'packages/issuer/src/endpoints/serve-fetch.ts',
    'packages/core/src/web/read-body.ts',
  ],
  // The rows live in test/: the sandbox needs them.
  ignorePatterns: ['/bench', '/examples', '/reports', 'dist', '.wrangler', '/test/edge'],
  incrementalFile: 'reports/mutation/adapter-endpoints-incremental.json',
  htmlReporter: { fileName: 'reports/mutation/adapter-endpoints.html' },
  jsonReporter: { fileName: 'reports/mutation/adapter-endpoints.json' },
};
