import base from '../../tsdown.config.base.ts';

// Two entries: the application API, and the adapter API at `@jwt-guard/core/adapter`.
// No source maps: the build is unminified ES2022, already readable in a stack trace, and
// maps would point at src/, which the package does not ship.
export default { ...base, entry: ['src/index.ts', 'src/adapter.ts'], sourcemap: false };
