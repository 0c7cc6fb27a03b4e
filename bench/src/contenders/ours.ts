/** Ours: `createVerifier` from @jwt-guard/core, with its verification cache on and off. */
import { createVerifier } from '@jwt-guard/core';
import type { Contender } from './types.js';

/**
 * `createVerifier({ issuer, audience })`, defaults only (the token cache on).
 *
 * @example
 * ```ts
 * const driver = await ours.prepare(context);
 * ```
 */
export const ours: Contender = {
  id: 'ours',
  label: 'ours (jwt-guard)',
  async prepare({ issuer }) {
    const verifier = createVerifier({ issuer: issuer.issuer, audience: issuer.audience });
    return { verify: (token) => verifier.verify(token) };
  },
};

/**
 * The same with `cache: false`: every verification in full.
 *
 * @example
 * ```ts
 * const driver = await oursNoCache.prepare(context);
 * ```
 */
export const oursNoCache: Contender = {
  id: 'ours-nocache',
  label: 'ours, cache: false',
  baseline: 'ours',
  async prepare({ issuer }) {
    const verifier = createVerifier({
      issuer: issuer.issuer,
      audience: issuer.audience,
      cache: false,
    });
    return { verify: (token) => verifier.verify(token) };
  },
};
