/**
 * The token as a WebSocket subprotocol item (RFC 6455 §1.9), for browsers, whose
 * `new WebSocket(url, protocols)` cannot set `Authorization`. The convention is the one
 * Kubernetes' API server reads: `base64url.bearer.authorization.k8s.io.<base64url(token)>`.
 */
import { base64url } from 'jose';
import { createError } from '../errors/jwt-guard-error.js';

/** The prefix of the protocol item that carries the token, base64url-encoded without padding. */
export const PROTOCOL_TOKEN_PREFIX = 'base64url.bearer.authorization.k8s.io.';

// The encoded token must be base64url (a subprotocol item is an RFC 7230 token: no `=`, `/`, `+`).
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const text = new TextDecoder();

/** The offered subprotocol items of a `Sec-WebSocket-Protocol` value, in order. */
const itemsOf = (field: string | null | undefined): string[] =>
  field ? field.split(',').flatMap((item) => item.trim() || []) : [];

/**
 * The token carried by the offered subprotocols, `undefined` when none carries one.
 * Two token items are two credentials: `ERR_MULTIPLE_TOKENS` (400); an item that does not
 * decode is `ERR_MALFORMED_AUTHORIZATION` (400).
 *
 * @example
 * ```ts
 * readProtocolToken(`chat, ${PROTOCOL_TOKEN_PREFIX}ZXlKaGJH...`); // 'eyJhbG...'
 * ```
 */
export function readProtocolToken(field: string | null | undefined): string | undefined {
  const carriers = itemsOf(field).filter((item) => item.startsWith(PROTOCOL_TOKEN_PREFIX));
  if (carriers.length === 0) return undefined;
  if (carriers.length > 1) throw createError('ERR_MULTIPLE_TOKENS');
  const encoded = (carriers[0] as string).slice(PROTOCOL_TOKEN_PREFIX.length);
  if (!BASE64URL.test(encoded)) throw createError('ERR_MALFORMED_AUTHORIZATION');
  try {
    // A token is ASCII; any other bytes fail its b64token check after this.
    return text.decode(base64url.decode(encoded));
  } catch (cause) {
    throw createError('ERR_MALFORMED_AUTHORIZATION', { cause });
  }
}

/**
 * The subprotocol a server should select: the first offered item that is not the token.
 * A browser that offered protocols fails the connection unless the server selects one of
 * them (RFC 6455 §4.1), and echoing the token item would send the token back in a header:
 * clients offer their application protocol beside the token item.
 *
 * @example
 * ```ts
 * new WebSocketServer({ noServer: true, handleProtocols: (offered) => selectProtocol(offered) });
 * ```
 */
export function selectProtocol(
  offered: Iterable<string> | string | null | undefined,
): string | false {
  const items = typeof offered === 'string' || offered == null ? itemsOf(offered) : [...offered];
  return items.find((item) => !item.startsWith(PROTOCOL_TOKEN_PREFIX)) ?? false;
}

/**
 * Encodes a token as its subprotocol item, for clients.
 *
 * @example
 * ```ts
 * new WebSocket(url, ['chat', protocolForToken(token)]);
 * ```
 */
export function protocolForToken(token: string): string {
  return PROTOCOL_TOKEN_PREFIX + base64url.encode(token);
}
