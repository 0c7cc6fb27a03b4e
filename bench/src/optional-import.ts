/**
 * Imports a package that may not exist yet (the Koa and Hono adapters are being written):
 * `undefined` when it cannot be resolved, so callers skip with a note instead of failing.
 */

/**
 * Imports `specifier`, or returns `undefined` when it is not installed or not built.
 * Any other failure (a broken module) is rethrown.
 *
 * @example
 * ```ts
 * const koa = await importOptional<{ jwtAuth: JwtAuth }>('@jwt-guard/koa');
 * if (!koa) console.log('skipped: @jwt-guard/koa missing');
 * ```
 */
export async function importOptional<Module>(specifier: string): Promise<Module | undefined> {
  try {
    return (await import(specifier)) as Module;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

/**
 * The note printed when an adapter of ours is not importable from bench yet.
 *
 * @example
 * ```ts
 * notes.push(missingAdapterNote('@jwt-guard/koa'));
 * ```
 */
export const missingAdapterNote = (name: string) =>
  `${name} is not importable from bench yet: once it is built, add "${name}": "workspace:^" to bench/package.json and run pnpm install`;
