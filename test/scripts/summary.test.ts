/**
 * scripts/summary.mjs, the closing lines of `pnpm test`: fed vitest JSON reports, it must
 * fail the run when a test file fails outside any test (a beforeAll, an import), where
 * vitest counts no failed test (issue 19 §3).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../../scripts/summary.mjs', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));

type Status = 'passed' | 'failed' | 'skipped';
const file = (name: string, status: 'passed' | 'failed', tests: Status[], message = '') => ({
  name: join(root, name),
  status,
  message,
  assertionResults: tests.map((test, i) => ({ title: `test ${i}`, status: test })),
});

/** A report in vitest's JSON shape, its totals counted from `files` as vitest counts them. */
function report(files: ReturnType<typeof file>[], failedSuites = 0) {
  const tests = files.flatMap((f) => f.assertionResults.map((a) => a.status));
  return {
    numTotalTestSuites: files.length,
    numFailedTestSuites: failedSuites,
    numTotalTests: tests.length,
    numPassedTests: tests.filter((s) => s === 'passed').length,
    numFailedTests: tests.filter((s) => s === 'failed').length,
    numPendingTests: tests.filter((s) => s === 'skipped').length,
    numTodoTests: 0,
    success: failedSuites === 0 && !tests.includes('failed'),
    testResults: files,
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jwt-guard-summary-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs the script on `content`: its exit code and its lines. */
async function summarize(content: object) {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  await writeFile(path, JSON.stringify(content));
  try {
    const { stdout } = await run(process.execPath, [script, path]);
    return { code: 0, lines: stdout.trim().split('\n') };
  } catch (error) {
    const { code, stdout } = error as { code: number; stdout: string };
    return { code, lines: stdout.trim().split('\n') };
  }
}

describe('scripts/summary.mjs', () => {
  it('fails the run when a suite fails in beforeAll, though no test failed', async () => {
    const redis = file(
      'packages/redis/test/store.test.ts',
      'failed',
      ['skipped', 'skipped'],
      'Error: spawn redis-server ENOENT\n    at …',
    );
    const green = file('packages/core/test/verify.test.ts', 'passed', ['passed', 'passed']);
    expect(await summarize(report([green, redis], 1))).toEqual({
      code: 1,
      lines: [
        'Tests: 2 passed, 0 failed, 2 skipped',
        'Suites: 1 failed of 2; test files: 1 failed',
        '  failed: packages/redis/test/store.test.ts: Error: spawn redis-server ENOENT',
      ],
    });
  });

  it('fails the run on a test file that failed, even where no suite is counted failed', async () => {
    const broken = file('test/edge/workerd.test.ts', 'failed', [], 'Error: cannot import');
    const green = file('packages/core/test/verify.test.ts', 'passed', ['passed']);
    const { code, lines } = await summarize(report([green, broken], 0));
    expect(code).toBe(1);
    expect(lines).toContain('  failed: test/edge/workerd.test.ts: Error: cannot import');
  });

  it('fails the run on a failed test', async () => {
    const failing = file('packages/core/test/verify.test.ts', 'failed', ['passed', 'failed']);
    expect(await summarize(report([failing], 1))).toEqual({
      code: 1,
      lines: [
        'Tests: 1 passed, 1 failed',
        'Suites: 1 failed of 1; test files: 1 failed',
        '  failed: packages/core/test/verify.test.ts: a failed test',
      ],
    });
  });

  it('passes a run where every file and test passed', async () => {
    const green = file('packages/core/test/verify.test.ts', 'passed', ['passed', 'passed']);
    expect(await summarize(report([green]))).toEqual({
      code: 0,
      lines: ['Tests: 2 passed, 0 failed', 'Suites: 0 failed of 1; test files: 0 failed'],
    });
  });

  it('fails a run that ran no test', async () => {
    expect((await summarize(report([]))).code).toBe(1);
  });
});
