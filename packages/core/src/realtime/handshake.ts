/**
 * Authenticates a WebSocket (or any upgrade) handshake, framework-free. Browsers cannot set
 * `Authorization` on `new WebSocket(…)`, so the token may also come, opt-in, from the
 * subprotocol list or the query; never from two places at once.
 */
import type { JWTPayload } from 'jose';
import type { AuthInfo } from '../auth-info.js';
import { type AuthenticatorOptions, createAuthenticator } from '../authenticator.js';
import { createError } from '../errors/jwt-guard-error.js';
import { fail } from '../options/option-error.js';
import type { TokenSources } from '../token/extract-token.js';
import { authorizationFromRawHeaders } from '../token/raw-headers.js';
import type { Verifier } from '../verify/verifier.js';
import { readProtocolToken } from './protocol-token.js';

/** A handshake request: Node's `IncomingMessage` or a fetch `Request`'s headers and URL both fit. */
export interface HandshakeRequest {
  /** Fetch `Headers`, or Node's lower-cased header record. */
  readonly headers: Headers | Readonly<Record<string, string | string[] | undefined>>;
  /** The request target (`/ws?x=1`) or the absolute URL. */
  readonly url?: string | undefined;
  /** Node's raw header list: keeps a repeated `Authorization` that `headers` drops. */
  readonly rawHeaders?: readonly string[] | undefined;
}

/** Where the token may come from besides `Authorization`: a handshake's `token` group. */
export interface HandshakeOptions {
  /** Read the token from `Sec-WebSocket-Protocol` (see `PROTOCOL_TOKEN_PREFIX`). Default `false`. */
  readonly fromProtocol?: boolean;
  /** Read `?access_token=` (RFC 6750 §2.3; URLs end up in logs). Default `false`. */
  readonly fromQuery?: boolean;
}

/** Options of {@link createHandshakeAuthenticator}: `jwtAuth`'s, with the handshake's own `token` sources. */
export type HandshakeAuthOptions = WithoutHttpSources<AuthenticatorOptions<HandshakeRequest>> & {
  /** Where the token may come from besides `Authorization`. Default: the header only. */
  readonly token?: HandshakeOptions;
};

// Omit, once per member of the union: an own verifier's options, or a shared one's.
type WithoutHttpSources<T> = T extends unknown ? Omit<T, 'token' | 'credentialsRequired'> : never;

const SOURCES: ReadonlySet<string> = new Set(['fromProtocol', 'fromQuery']);

// The `token` group of a handshake, checked: a member of `jwtAuth`'s (a cookie, a form
// body) would be silently ignored here, so it is refused, as is a moved flat name.
function handshakeSources(options: HandshakeAuthOptions): HandshakeOptions {
  if ((options as Record<string, unknown>).tokenFromProtocol !== undefined) {
    fail('tokenFromProtocol', 'is now "token.fromProtocol": move it into that group');
  }
  const { token } = options;
  if (token === undefined) return {};
  if (typeof token !== 'object' || token === null || Array.isArray(token)) {
    fail('token', 'must be an object');
  }
  for (const name of Object.keys(token)) {
    if (!SOURCES.has(name)) fail(`token.${name}`, 'is not a handshake token source');
  }
  for (const name of SOURCES) {
    const value = (token as Record<string, unknown>)[name];
    if (value !== undefined && typeof value !== 'boolean')
      fail(`token.${name}`, 'must be a boolean');
  }
  return token;
}

/** Authenticates handshakes; one per app, so keys and verified tokens stay cached. */
export interface HandshakeAuthenticator {
  /** The verified token, or a thrown `JwtGuardError` (its `status` and `headers` are the answer). */
  authenticate<Claims extends object = JWTPayload>(
    request: HandshakeRequest,
    options?: HandshakeOptions,
  ): Promise<AuthInfo<Claims>>;
  readonly verifier: Verifier;
}

interface Call {
  readonly request: HandshakeRequest;
  readonly protocol: boolean;
  readonly query: boolean;
}

const headerOf = (headers: HandshakeRequest['headers'], name: string) => {
  const value =
    typeof (headers as Headers).get === 'function'
      ? (headers as Headers).get(name)
      : (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? undefined);
};

// One token source at most (RFC 6750 §2). A token found elsewhere is handed to core as the
// Authorization field, so its checks (syntax, size) apply unchanged.
function readHandshake({ request, protocol, query }: Call): TokenSources {
  const raw = request.rawHeaders ? authorizationFromRawHeaders(request.rawHeaders) : undefined;
  const authorization = raw
    ? raw.length === 0
      ? undefined
      : raw
    : headerOf(request.headers, 'authorization');
  const fromProtocol = protocol
    ? readProtocolToken(headerOf(request.headers, 'sec-websocket-protocol'))
    : undefined;
  const queried = query
    ? new URL(request.url ?? '/', 'http://h').searchParams.getAll('access_token')
    : [];
  const found = [authorization, fromProtocol, ...queried].filter((value) => value != null);
  if (found.length > 1) throw createError('ERR_MULTIPLE_TOKENS');
  if (fromProtocol !== undefined)
    return { authorization: `Bearer ${fromProtocol}`, query: request.url };
  if (queried[0] !== undefined) return { authorization: `Bearer ${queried[0]}` };
  return { authorization, query: request.url };
}

/**
 * Creates a handshake authenticator. A socket always needs a token: a handshake without one
 * is refused (401), whatever `credentialsRequired` would say for HTTP.
 *
 * @example
 * ```ts
 * const handshakes = createHandshakeAuthenticator({ issuer, audience, token: { fromProtocol: true } });
 * const auth = await handshakes.authenticate(req);
 * ```
 */
export function createHandshakeAuthenticator(
  options: HandshakeAuthOptions,
): HandshakeAuthenticator {
  const sources = handshakeSources(options);
  const protocol = sources.fromProtocol === true;
  const query = sources.fromQuery === true;
  const { token: _sources, ...rest } = options;
  const authenticator = createAuthenticator<Call>(
    { ...rest, credentialsRequired: true },
    readHandshake,
  );
  return {
    verifier: authenticator.verifier,
    async authenticate<Claims extends object = JWTPayload>(
      request: HandshakeRequest,
      perCall: HandshakeOptions = {},
    ) {
      const auth = await authenticator.authenticate<Claims>({
        request,
        protocol: perCall.fromProtocol ?? protocol,
        query: perCall.fromQuery ?? query,
      });
      return auth as AuthInfo<Claims>;
    },
  };
}

/**
 * Authenticates one handshake: the `AuthInfo`, or a thrown `JwtGuardError` carrying its
 * `status` and `WWW-Authenticate` header. Given options, it builds an authenticator per call:
 * pass one from {@link createHandshakeAuthenticator} (or options with a shared `verifier`)
 * so that keys are not fetched per connection.
 *
 * @example
 * ```ts
 * const auth = await authenticateHandshake(handshakes, req, { fromProtocol: true });
 * ```
 */
export function authenticateHandshake<Claims extends object = JWTPayload>(
  authenticator: HandshakeAuthenticator | HandshakeAuthOptions,
  request: HandshakeRequest,
  options?: HandshakeOptions,
): Promise<AuthInfo<Claims>> {
  const handshakes =
    typeof (authenticator as HandshakeAuthenticator).authenticate === 'function'
      ? (authenticator as HandshakeAuthenticator)
      : createHandshakeAuthenticator(authenticator as HandshakeAuthOptions);
  return handshakes.authenticate<Claims>(request, options);
}
