/**
 * Mutation testing of core's verification path: the verifier, claims, token cache and key
 * modules, and the sender-binding (DPoP, mTLS), JWE decryption and policy modules, killed
 * by core's own tests. On demand only (`pnpm mutation`), never in CI.
 * Narrow a run with `pnpm mutation --mutate <glob>`; reruns reuse reports/ (incremental).
 * An incremental rerun keeps the old verdict of a static mutant (module-level code: no
 * test covers it, so no changed test marks it for retesting): after adding tests, rerun
 * those with `--force` on their lines (`--mutate file.ts:8-8 --force`), or the whole set.
 */

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  // pnpm keeps the runner out of core's reach, so name it by its resolved file.
  plugins: [import.meta.resolve('@stryker-mutator/vitest-runner')],
  testRunner: 'vitest',
  vitest: { configFile: 'scripts/mutation/vitest.config.ts' },
  mutate: [
    'packages/core/src/verify/**/*.ts',
    'packages/core/src/claims/**/*.ts',
    'packages/core/src/keys/**/*.ts',
    'packages/core/src/signature/**/*.ts',
    '!packages/core/src/signature/node/**',
    'packages/core/src/signature/node/verify-signed-token-node.ts',
    'packages/core/src/token/header-policy.ts',
    'packages/core/src/dpop/**/*.ts',
    'packages/core/src/policy/**/*.ts',
    // Outside the mutated set, as before they moved into these folders: the sync guards
    // and the certificate reader.
    '!packages/core/src/policy/guards.ts',
    '!packages/core/src/policy/guard-middlewares.ts',
    'packages/core/src/decrypt/**/*.ts',
    'packages/core/src/mtls/**/*.ts',
    '!packages/core/src/mtls/client-certificate.ts',
    'packages/core/src/options/**/*.ts',
    'packages/core/src/sender-binding.ts',
  ],
  // Only what core's tests load is copied into the sandbox.
  ignorePatterns: ['/bench', '/examples', '/test', '/reports', 'dist', '.wrangler'],
  coverageAnalysis: 'perTest',
  // Two shared cores; several tests wait on real timers, so leave room on a loaded machine.
  concurrency: 2,
  timeoutFactor: 3,
  timeoutMS: 10_000,
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  tempDirName: '.stryker-tmp',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowEmojis: false, logTests: false, reportScoreTable: true },
  thresholds: { high: 90, low: 80, break: null },
};
