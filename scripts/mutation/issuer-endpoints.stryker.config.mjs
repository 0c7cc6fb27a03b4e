/**
 * Mutation testing of the issuer's token endpoints (framework-free part) and the access-token
 * revocation behind logout, killed by the endpoint tests. On demand only:
 * `pnpm exec stryker run scripts/mutation/issuer-endpoints.stryker.config.mjs`.
 */
import base from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  vitest: { configFile: 'scripts/mutation/issuer-endpoints.vitest.config.ts' },
  mutate: [
    'packages/issuer/src/endpoints/**/*.ts',
    '!packages/issuer/src/endpoints/types.ts',
    'packages/issuer/src/access-token-revocation.ts',
  ],
  incrementalFile: 'reports/mutation/issuer-endpoints-incremental.json',
  htmlReporter: { fileName: 'reports/mutation/issuer-endpoints.html' },
  jsonReporter: { fileName: 'reports/mutation/issuer-endpoints.json' },
};
