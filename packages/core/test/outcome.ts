/** How a verification ended, for assertions: the error code, or "resolved". */
import { expect } from 'vitest';
import { JwtGuardError } from '../src/index.js';

/** Awaits `promise` and returns the `code` of the `JwtGuardError` it rejected with, or "resolved". */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(JwtGuardError);
    return (error as JwtGuardError).code;
  }
  return 'resolved';
}
