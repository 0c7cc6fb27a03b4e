/** The typed errors `issue()` raises for bad input. Messages never hold a claim value. */

/** The stable codes of {@link IssuerError}. */
export type IssuerErrorCode = 'ERR_CLAIM_RESERVED' | 'ERR_ISSUE_INPUT_INVALID';

const MESSAGES: Readonly<Record<IssuerErrorCode, string>> = {
  ERR_CLAIM_RESERVED: 'a custom claim names a registered claim the issuer sets itself',
  ERR_ISSUE_INPUT_INVALID: 'an issue() input field is missing or malformed',
};

/**
 * Raised by `issue()` for input the issuer refuses. Match on `code`; `field` names the claim
 * or input field (its name, never its value).
 *
 * @example
 * ```ts
 * try { await tokens.issue({ sub, claims: { iss: 'x' } }); }
 * catch (error) { if (error instanceof IssuerError) console.log(error.code, error.field); }
 * ```
 */
export class IssuerError extends Error {
  /** The stable code of this failure. */
  readonly code: IssuerErrorCode;
  /** The claim or input field that was refused. */
  readonly field: string;

  constructor(code: IssuerErrorCode, field: string) {
    super(`jwt-guard: ${MESSAGES[code]} ("${field}")`);
    this.name = new.target.name;
    this.code = code;
    this.field = field;
  }
}
