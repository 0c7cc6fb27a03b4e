import base from '../../tsdown.config.base.ts';

// One entry per public import: the application API (`@jwt-guard/core`), the adapter
// interface (`/adapter`), what adapters re-export for apps (`/app`), and the app-facing
// areas with their own import (`/policy`, `/realtime`, `/presets`, `/store`, `/client`,
// `/discovery`, `/dpop`). The README's table says what each holds.
// No source maps: the build is unminified ES2022, already readable in a stack trace, and
// maps would point at src/, which the package does not ship.
export default {
  ...base,
  entry: {
    index: 'src/index.ts',
    adapter: 'src/adapter.ts',
    app: 'src/app.ts',
    policy: 'src/policy/index.ts',
    realtime: 'src/realtime/index.ts',
    presets: 'src/presets/index.ts',
    store: 'src/store-entry.ts',
    client: 'src/client/index.ts',
    discovery: 'src/discovery.ts',
    dpop: 'src/dpop/server.ts',
  },
  sourcemap: false,
};
