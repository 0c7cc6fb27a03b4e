/**
 * The start-up error of every option parser: a `TypeError` naming the option and the rule
 * it breaks, thrown at creation and never per request.
 */

/** Throws the `TypeError` of `option` breaking `rule`. */
export type Fail = (option: string, rule: string) => never;

/**
 * A `TypeError` naming `option` and the rule it breaks: `jwt-guard: option "x" rule`.
 *
 * @example
 * ```ts
 * throw optionError('decryption.keys', 'must not be empty');
 * ```
 */
export function optionError(option: string, rule: string, options?: ErrorOptions): TypeError {
  return new TypeError(`jwt-guard: option "${option}" ${rule}`, options);
}

/**
 * A {@link Fail} whose message starts with `label(option)`, for a factory whose messages
 * name it (`jwt-guard: protectedResourceMetadata() option "x"`).
 *
 * @example
 * ```ts
 * const fail = failWith((option) => `createMemoryStore: ${option}`);
 * fail('maxEntries', 'must be a positive integer'); // throws TypeError
 * ```
 */
export function failWith(label: (option: string) => string): Fail {
  return (option, rule) => {
    throw new TypeError(`${label(option)} ${rule}`);
  };
}

/**
 * Throws {@link optionError}: `jwt-guard: option "x" rule`.
 *
 * @example
 * ```ts
 * fail('audience', 'must be a non-empty string'); // throws TypeError
 * ```
 */
export const fail: Fail = (option, rule) => {
  throw optionError(option, rule);
};
