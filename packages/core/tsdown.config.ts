import base from '../../tsdown.config.base.ts';

// Two entries: the application API, and the adapter API at `@jwt-guard/core/adapter`.
export default { ...base, entry: ['src/index.ts', 'src/adapter.ts'] };
