/** The root vitest config narrowed to the issuer's endpoint tests, which kill its mutants. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import base from '../../vitest.config.js';

export default defineConfig({
  ...base,
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    ...base.test,
    include: ['packages/issuer/test/endpoints/**/*.test.ts'],
    // Each file in its own module graph: shared modules blurred which test covered a
    // mutant, so a mutant could survive while the test that kills it was never run.
    isolate: true,
    reporters: ['default'],
    outputFile: undefined,
  },
});
