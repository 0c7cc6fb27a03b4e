/**
 * What a token client tells the application as it happens. Events never carry a token,
 * a secret or a URL's path or query: only the origin a call went to.
 */

/** One event. Match on `type`. */
export type TokenClientEvent = {
  /**
   * A server refused the client's token as `invalid_token`, and the client did not renew it
   * because `renewalLimit` renewals were already made in the window: the call got the
   * server's 401 as it came.
   */
  readonly type: 'token-renewal-limited';
  /** The origin of the server that refused the token. */
  readonly origin: string;
  /** The limit in force. */
  readonly max: number;
  readonly perMs: number;
};

/** A listener; what it throws is dropped. */
export type TokenClientEventListener = (event: TokenClientEvent) => void;
