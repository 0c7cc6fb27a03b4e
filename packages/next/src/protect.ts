/** Route handlers on a Web `Request`: authenticate, check the route's requirements, answer. */
import {
  type AuthenticatorOptions,
  type AuthInfo,
  authenticateRequest,
  createGuardMiddlewares,
  JwtGuardError,
  prepareAuthenticator,
  prepareRouteRequirements,
  readWebRequest,
  toErrorResponse,
} from '@jwt-guard/core/adapter';
import type { Guard, PolicyRequest, RouteParams, RouteRequirements } from '@jwt-guard/core/policy';

/** Options of {@link jwtAuth}; `token.get` receives the `Request`. */
export type JwtAuthOptions = AuthenticatorOptions<Request>;

/** A handler behind `protect`: it gets the verified token and Next's `params` promise. */
export type ProtectedHandler<Params, Auth, Req extends Request = Request> = (
  request: Req,
  context: { readonly auth: Auth; readonly params: Promise<Params> },
) => Response | Promise<Response>;

/** A Next.js route handler, for `export const GET = protect(…)`. */
export type RouteHandler<Params, Req extends Request = Request> = (
  request: Req,
  context: { params: Promise<Params> },
) => Promise<Response>;

/** What {@link jwtAuth} returns: wraps route handlers, and authenticates any `Request`. */
export interface Protect<Auth = AuthInfo> {
  <Params = RouteParams, Req extends Request = Request>(
    handler: ProtectedHandler<Params, Auth, Req>,
    requirements?: RouteRequirements<Params>,
  ): RouteHandler<Params, Req>;
  /** Resolves to the verified token's `AuthInfo`, or rejects with the `JwtGuardError`. */
  authenticate(request: Request): Promise<Auth>;
}

/** The guards as checks of an `AuthInfo` to call in a handler; each throws its refusal. */
export const guards = createGuardMiddlewares((guard: Guard) => guard);

/**
 * A `JwtGuardError` as a `Response`: status, `WWW-Authenticate` (`Retry-After` on a 503)
 * and the short text body every adapter answers.
 *
 * @example
 * ```ts
 * if (error instanceof JwtGuardError) return refusalResponse(error);
 * ```
 */
export function refusalResponse(error: JwtGuardError): Response {
  const { status, headers, body } = toErrorResponse(error);
  return new Response(body, { status, headers });
}

// What a policy sees of the request: its path, the route's awaited `params`, its headers.
async function policyRequest<Params>(request: Request, params?: Promise<Params>) {
  const { method, url, headers } = request;
  const path = new URL(url).pathname;
  const seen: PolicyRequest<Params> = {
    method,
    path,
    params: (await params) ?? ({} as Params),
    headers: Object.fromEntries(headers),
  };
  return seen;
}

/**
 * Prepares the authenticator once (a `TypeError` naming a bad option) and returns
 * `protect`. A `JwtGuardError` the handler throws (a guard, `authorize`) is answered too.
 *
 * @example
 * ```ts
 * const protect = jwtAuth({ issuer: 'https://id.example.com/', audience: 'https://api.example.com' });
 * export const GET = protect(async (request, { auth }) => Response.json(auth.payload), { scopes: ['read:messages'] });
 * ```
 */
export function jwtAuth(
  options: JwtAuthOptions & { credentialsRequired: false },
): Protect<AuthInfo | undefined>;
export function jwtAuth(options: JwtAuthOptions): Protect;
export function jwtAuth(options: JwtAuthOptions): Protect<AuthInfo | undefined> {
  const lifting = { request: (request: Request) => request };
  const plan = prepareAuthenticator<Request>(options, (request, wanted) =>
    readWebRequest(request, wanted, lifting),
  );
  const authenticate = async (request: Request) => authenticateRequest(plan, request);
  const protect = <Params, Req extends Request>(
    handler: ProtectedHandler<Params, AuthInfo | undefined, Req>,
    requirements?: RouteRequirements<Params>,
  ): RouteHandler<Params, Req> => {
    const check = prepareRouteRequirements(requirements);
    return async (request, context) => {
      try {
        const auth = await authenticate(request);
        check.guard(auth);
        if (check.policy) await check.policy(auth, await policyRequest(request, context?.params));
        return await handler(request, { auth, params: context?.params });
      } catch (error) {
        if (error instanceof JwtGuardError) return refusalResponse(error);
        throw error;
      }
    };
  };
  return Object.assign(protect, { authenticate });
}
