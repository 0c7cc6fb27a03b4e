/**
 * `createTokenEndpoints`: the framework-free token endpoints every adapter lifts. It routes a
 * request to its endpoint and turns every failure into an answer: `handle` never rejects.
 */
import { StoreError } from '@jwt-guard/core/store';
import type { TokenIssuer } from '../token-issuer.js';
import { REFRESH_COOKIE } from './cookie.js';
import { jwks, metadata } from './discovery.js';
import { type ResolvedEndpoints, resolveEndpointOptions } from './endpoint-options.js';
import { AppFailure } from './hooks.js';
import { login } from './login.js';
import { EndpointRefusal, methodNotAllowed, serverError, storeUnavailable } from './responses.js';
import { logout, revoke } from './revoke.js';
import { token } from './token.js';
import type {
  EndpointHandler,
  EndpointName,
  EndpointRequest,
  EndpointResponse,
  TokenEndpointsOptions,
} from './types.js';

/** The full path of each endpoint, `basePath` included. */
export type EndpointPaths = Readonly<Record<EndpointName, string>>;

/** What `createTokenEndpoints` returns: the handler and where it answers. */
export interface TokenEndpoints<RawRequest = unknown> {
  /** Answers a request to one of {@link TokenEndpoints.paths}, or `undefined` for any other. */
  readonly handle: EndpointHandler<RawRequest>;
  /** The path of each endpoint, for a router that wants them. */
  readonly paths: EndpointPaths;
  /** `cookie` in browser mode (refresh token in a cookie), `body` otherwise. */
  readonly mode: 'cookie' | 'body';
  /** The browser-mode cookie's name. */
  readonly cookieName: string;
}

type Run = (
  tokens: TokenIssuer,
  resolved: ResolvedEndpoints,
  request: EndpointRequest,
) => Promise<EndpointResponse>;

interface Route {
  readonly name: EndpointName;
  readonly methods: readonly string[];
  readonly run: Run;
}

const ROUTES: Readonly<Record<string, Route>> = {
  '/auth/login': { name: 'login', methods: ['POST'], run: login },
  '/auth/token': { name: 'token', methods: ['POST'], run: token },
  '/auth/revoke': { name: 'revoke', methods: ['POST'], run: revoke },
  '/auth/logout': { name: 'logout', methods: ['POST'], run: logout },
  '/.well-known/oauth-authorization-server': {
    name: 'metadata',
    methods: ['GET', 'HEAD'],
    run: (tokens, resolved, request) => metadata(tokens, resolved, request.method === 'HEAD'),
  },
  '/.well-known/jwks.json': {
    name: 'jwks',
    methods: ['GET', 'HEAD'],
    run: (tokens, resolved, request) => jwks(tokens, resolved, request.method === 'HEAD'),
  },
};

function report(resolved: ResolvedEndpoints, error: unknown, name: EndpointName): void {
  try {
    resolved.onError?.(error instanceof AppFailure ? error.cause : error, name);
  } catch {
    // The app's logger failing must not turn a 500 into a crash.
  }
}

async function answer(
  route: Route,
  tokens: TokenIssuer,
  resolved: ResolvedEndpoints,
  request: EndpointRequest,
): Promise<EndpointResponse> {
  if (!route.methods.includes(request.method)) return methodNotAllowed(route.methods.join(', '));
  try {
    return await route.run(tokens, resolved, request);
  } catch (error) {
    if (error instanceof EndpointRefusal) return error.response;
    // A store outage or a hook's bug: the client learns nothing but that it was ours.
    report(resolved, error, route.name);
    return error instanceof StoreError ? storeUnavailable() : serverError();
  }
}

/**
 * Creates the token endpoints of `tokens`: `POST /auth/login`, `/auth/token`,
 * `/auth/revoke`, `/auth/logout`, `GET /.well-known/oauth-authorization-server` and
 * `/.well-known/jwks.json`, under `basePath`. Throws a `TypeError` naming the option for a
 * bad option. `handle` never rejects: every failure is an answer (500 `server_error` for a
 * hook that throws, reported to `onError`).
 *
 * @example
 * ```ts
 * const endpoints = createTokenEndpoints(tokens, {
 *   authenticate: async ({ body }) =>
 *     (await checkPassword(body.username, body.password)) ? { sub: userId, scope: 'read' } : undefined,
 *   cookie: true,
 * });
 * const response = await endpoints.handle({ method, path, headers, readBody, raw: req });
 * ```
 */
export function createTokenEndpoints<RawRequest = unknown>(
  tokens: TokenIssuer,
  options: TokenEndpointsOptions<RawRequest>,
): TokenEndpoints<RawRequest> {
  const resolved = resolveEndpointOptions(tokens, options as TokenEndpointsOptions);
  const routes = new Map(
    Object.entries(ROUTES).map(([path, route]) => [`${resolved.basePath}${path}`, route]),
  );
  const paths = Object.fromEntries(
    [...routes].map(([path, route]) => [route.name, path]),
  ) as EndpointPaths;
  return Object.freeze({
    handle: async (request: EndpointRequest<RawRequest>) => {
      const route = routes.get(request.path);
      if (route === undefined) return undefined;
      return answer(route, tokens, resolved, request as EndpointRequest);
    },
    paths: Object.freeze(paths),
    mode: resolved.cookie ? 'cookie' : 'body',
    cookieName: REFRESH_COOKIE,
  });
}
