/** Ours: `createVerifier` from @jwt-guard/core, with its verification cache on and off. */
import { createVerifier, type VerifierOptions } from '@jwt-guard/core';
import type { Contender } from './types.js';

/**
 * `createVerifier({ issuer, audience })`, defaults only (cache on, once core has it).
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
 * The same with `cache: false`. The option is being added to `VerifierOptions`; it goes
 * through a cast so this compiles before then, and the report says when core ignored it.
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
    const options = { issuer: issuer.issuer, audience: issuer.audience, cache: false };
    const verifier = createVerifier(options as VerifierOptions);
    const known = 'cache' in verifier.options;
    return {
      verify: (token) => verifier.verify(token),
      ...(known
        ? {}
        : {
            note: 'core does not know the `cache` option yet: "ours, cache: false" ran as "ours"',
          }),
    };
  },
};
