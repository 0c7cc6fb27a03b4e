import base from '../../tsdown.config.base.ts';

// Nest injects by the constructor's parameter types: the build keeps the legacy decorators
// and emits their `design:paramtypes` metadata (from tsconfig's `experimentalDecorators`
// and `emitDecoratorMetadata`, which the transform reads).
export default { ...base, sourcemap: false };
