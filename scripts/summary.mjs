// Prints vitest's totals as plain closing lines for CI logs, from its JSON report (the path
// given, else .vitest-report.json), and exits non-zero unless every test file ran green.
// A file that fails outside a test (an import, a beforeAll) fails no test: vitest marks its
// tests skipped, so failed files are counted and named on their own.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const path = process.argv[2] ?? fileURLToPath(new URL('../.vitest-report.json', import.meta.url));
const report = JSON.parse(readFileSync(path, 'utf8'));

const failedFiles = (report.testResults ?? []).filter((file) => file.status === 'failed');
// vitest counts suites as test files and describe blocks together.
const failedSuites = report.numFailedTestSuites ?? 0;
const skipped = report.numPendingTests + report.numTodoTests;

console.log(
  `Tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`,
);
console.log(
  `Suites: ${failedSuites} failed of ${report.numTotalTestSuites ?? 0}; test files: ${failedFiles.length} failed`,
);
for (const file of failedFiles) {
  const reason = String(file.message ?? '').split('\n')[0] || 'a failed test';
  console.log(`  failed: ${relative(root, file.name)}: ${reason}`);
}
const green =
  report.numFailedTests === 0 &&
  failedSuites === 0 &&
  failedFiles.length === 0 &&
  report.numPassedTests > 0;
process.exit(green ? 0 : 1);
