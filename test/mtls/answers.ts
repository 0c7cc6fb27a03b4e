/** The answers the mTLS tests expect, in one shape for Node's HTTP client and for fetch. */

/** An HTTP answer: status, `WWW-Authenticate` (`undefined` when absent) and body. */
export interface Answer {
  readonly status: number;
  readonly challenge: string | undefined;
  readonly body: string;
}

/** The handler ran for the test issuer's default subject. */
export const ACCEPTED: Answer = { status: 200, challenge: undefined, body: '{"sub":"user-123"}' };

const MISMATCH_DESCRIPTION = 'The access token is bound to another client certificate';

/** ERR_CERTIFICATE_MISMATCH (RFC 8705 §3 with RFC 6750 §3.1 `invalid_token`), default realm. */
export const MISMATCH: Answer = {
  status: 401,
  challenge: `Bearer realm="api", error="invalid_token", error_description="${MISMATCH_DESCRIPTION}"`,
  body: MISMATCH_DESCRIPTION,
};

/** What the observer saw for one refused request. */
export const REFUSED = { handled: 0, codes: ['ERR_CERTIFICATE_MISMATCH'] };

/** What the observer saw for one accepted request. */
export const HANDLED = { handled: 1, codes: [] };

/**
 * A fetch Response as an {@link Answer}.
 *
 * @example
 * ```ts
 * expect(await answerOf(await app.fetch(request))).toEqual(MISMATCH);
 * ```
 */
export async function answerOf(response: Response): Promise<Answer> {
  return {
    status: response.status,
    challenge: response.headers.get('www-authenticate') ?? undefined,
    body: await response.text(),
  };
}
