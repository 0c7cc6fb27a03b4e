/**
 * The root vitest config narrowed to the token-endpoint rows on Express 5, Koa 3 and Hono on
 * Node, and the adapters' own token-endpoint tests.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import base from '../../vitest.config.js';

export default defineConfig({
  ...base,
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    ...base.test,
    include: [
      'test/conformance/node-adapters.test.ts',
      'packages/{express,koa,hono}/test/token-endpoints.test.ts',
      'packages/issuer/test/endpoints/serve-node.test.ts',
      'packages/hono/test/read-body.test.ts',
    ],
    // The verifier's table in the same file is skipped: its issuers never start.
    testNamePattern: '^(token endpoints|tokenEndpoints|readCappedBody|liftNodeTokenEndpoints)',
    reporters: ['default'],
    outputFile: undefined,
  },
});
