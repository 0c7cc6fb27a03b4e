/** The start-up error of the DPoP options: a `TypeError` naming the option at fault. */

/**
 * A `TypeError` naming `option` and the rule it breaks. Thrown at creation, never per request.
 *
 * @example
 * ```ts
 * throw dpopOptionError('dpop.iatWindow', 'must be a positive, finite number of seconds');
 * ```
 */
export function dpopOptionError(option: string, rule: string): TypeError {
  return new TypeError(`jwt-guard: option "${option}" ${rule}`);
}
