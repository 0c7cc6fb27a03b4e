/**
 * Next.js route handlers (Node and Edge runtimes), and any server with a Web `Request`:
 * core's fetch reader, authentication, the route's requirements, then the handler or the
 * refusal as a `Response`.
 */
import {
  type AuthenticatorOptions,
  type AuthInfo,
  authenticateRequest,
  JwtGuardError,
  prepareAuthenticator,
  readWebRequest,
  toErrorResponse,
} from '@jwt-guard/core/adapter';
import type { RouteParams } from '@jwt-guard/core/policy';
import { prepareRequirements, type Requirements } from './requirements.js';

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
    requirements?: Requirements<Params>,
  ): RouteHandler<Params, Req>;
  /** Resolves to the verified token's `AuthInfo`, or rejects with the `JwtGuardError`. */
  authenticate(request: Request): Promise<Auth>;
}

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
    requirements?: Requirements<Params>,
  ): RouteHandler<Params, Req> => {
    const check = prepareRequirements(requirements);
    return async (request, context) => {
      try {
        const auth = await authenticate(request);
        await check(auth, request, context?.params);
        return await handler(request, { auth, params: context?.params });
      } catch (error) {
        if (error instanceof JwtGuardError) return refusalResponse(error);
        throw error;
      }
    };
  };
  return Object.assign(protect, { authenticate });
}
