import { defineConfig } from 'tsdown';

// Nest injects by constructor types, which only a build that emits decorator metadata keeps
// (tsx does not): `start` builds the demo, the demo kit's sources included, then runs it.
export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'es2022',
  dts: false,
  deps: { alwaysBundle: ['@jwt-guard/example-kit'] },
});
