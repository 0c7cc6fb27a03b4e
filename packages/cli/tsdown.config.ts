/** The CLI is one ESM executable for Node, not a library: no CJS build and no declarations. */
import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  dts: false,
  clean: true,
  // No source maps: the build is unminified, already readable in a stack trace, and maps
  // would point at src/, which the package does not ship.
  sourcemap: false,
  target: 'node20',
  platform: 'node',
  // `bin` names dist/main.js; the package is "type": "module", so .js is ESM.
  fixedExtension: false,
  banner: { js: '#!/usr/bin/env node' },
});
