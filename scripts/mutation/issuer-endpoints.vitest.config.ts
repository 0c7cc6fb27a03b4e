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
    // The endpoint tests mock no module: sharing modules across files cuts each rerun's start.
    isolate: false,
    reporters: ['default'],
    outputFile: undefined,
  },
});
