import base from '../../tsdown.config.base.ts';

// No source maps: the build is unminified ES2022, already readable in a stack trace, and
// maps would point at src/, which the package does not ship.
export default { ...base, sourcemap: false };
