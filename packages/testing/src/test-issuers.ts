/**
 * Several test issuers at once, closed together: for multi-tenant verifiers and for tests
 * that one issuer's tokens are refused by another's.
 */
import { createTestIssuer, type TestIssuer, type TestIssuerOptions } from './test-issuer.js';

/** Running test issuers, in the order asked for, with one `close()` for all. */
export interface TestIssuers extends ReadonlyArray<TestIssuer> {
  /** Closes every issuer; rejects with the first failure once all have been tried. */
  close(): Promise<void>;
}

async function closeAll(issuers: readonly TestIssuer[]): Promise<void> {
  const results = await Promise.allSettled(issuers.map((issuer) => issuer.close()));
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * Starts `count` issuers with default options, or one issuer per options object. Each
 * listens on its own port, so each has its own issuer identifier and keys. If one fails to
 * start, those already started are closed before the promise rejects.
 *
 * @example
 * ```ts
 * const issuers = await createTestIssuers([{ path: '/tenant-a' }, { path: '/tenant-b' }]);
 * const [a, b] = issuers;
 * const token = await a.mint();
 * await issuers.close();
 * ```
 */
export async function createTestIssuers(
  issuers: number | readonly TestIssuerOptions[],
): Promise<TestIssuers> {
  if (typeof issuers === 'number' && !(Number.isSafeInteger(issuers) && issuers > 0)) {
    throw new TypeError('createTestIssuers: the count must be a positive integer');
  }
  if (typeof issuers !== 'number' && !Array.isArray(issuers)) {
    throw new TypeError('createTestIssuers: give a count or an array of options');
  }
  const options: readonly TestIssuerOptions[] =
    typeof issuers === 'number' ? Array.from({ length: issuers }, () => ({})) : issuers;
  const started = await Promise.allSettled(options.map((each) => createTestIssuer(each)));
  const running = started.flatMap((result) =>
    result.status === 'fulfilled' ? [result.value] : [],
  );
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await closeAll(running).catch(() => undefined);
    throw failed.reason;
  }
  return Object.freeze(Object.assign(running, { close: () => closeAll(running) }));
}
