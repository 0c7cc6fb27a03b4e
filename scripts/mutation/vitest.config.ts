/** The root vitest config narrowed to core's tests: the ones that kill core's mutants. */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import base from '../../vitest.config.js';

// Stryker stops a mutant's run at its first failing test, so quick files go first (vitest
// runs the slowest first, which suits a full run, not a bail). A file that failed last
// time still leads: it tends to kill the next mutant of the same code too.
class QuickFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { cache, config } = this.ctx;
    const cost = (file: TestSpecification) => {
      const key = `${file.project.name}:${relative(config.root, file.moduleId)}`;
      const result = cache.getFileTestResults(key);
      if (result?.failed) return -1;
      return result?.duration ?? cache.getFileStats(key)?.size ?? 0;
    };
    return [...files].sort((a, b) => cost(a) - cost(b));
  }
}

export default defineConfig({
  ...base,
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    ...base.test,
    include: ['packages/core/test/**/*.test.ts'],
    // A time bound (`*-speed.test.ts`) holds for the code as built; under the coverage and
    // mutant switches of a run, on a loaded machine, it fails the initial run for nothing.
    exclude: [...configDefaults.exclude, 'packages/core/test/**/*-speed.test.ts'],
    // Stryker reruns the suite once per mutant; sharing modules across files cuts each
    // rerun's start from seconds to about one (core's tests mock no module).
    isolate: false,
    sequence: { sequencer: QuickFirst },
    reporters: ['default'],
    outputFile: undefined,
  },
});
