/** How a verification or a guard ended, for assertions. */
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

/** Runs `fn` and returns the `JwtGuardError` it threw, or `undefined` when it did not throw. */
export function thrownBy(fn: () => void): JwtGuardError | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(JwtGuardError);
    return error as JwtGuardError;
  }
  return undefined;
}
