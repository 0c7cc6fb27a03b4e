/**
 * Client-Cert values cost linear time: whitespace is trimmed by a loop, not by a regular
 * expression that backtracks quadratically on a long run of spaces. A file of its own: a
 * time bound holds for the code as built, not under a mutation run's instrumentation, which
 * leaves this file out.
 */
import { describe, expect, it } from 'vitest';
import { parseClientCertHeader } from '../../src/mtls/index.js';

describe('parseClientCertHeader', () => {
  it('stays fast on a long run of spaces', () => {
    const started = performance.now();
    expect(parseClientCertHeader(`${' '.repeat(100_000)}x${' '.repeat(100_000)}`)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(500);
  });
});
