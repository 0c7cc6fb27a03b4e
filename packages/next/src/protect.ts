/**
 * JWT bearer-token authentication for Next.js App Router route handlers, on the Node and
 * Edge runtimes, and for any server that hands over a Web `Request`: read the request with
 * core's fetch reader, authenticate, check the route's requirements, then run the handler
 * or answer the refusal as a Web `Response`.
 */
import {
  type AuthenticatorOptions,
  type AuthInfo,
  authenticateRequest,
  JwtGuardError,
  prepareAuthenticator,
  readWebRequest,
  toErrorResponse,
  type WebRequestLifting,
} from '@jwt-guard/core/adapter';
import type { RouteParams } from '@jwt-guard/core/policy';
import { prepareRequirements, type Requirements } from './requirements.js';

/** Options of {@link jwtAuth}; `token.get` receives the `Request`. */
export type JwtAuthOptions = AuthenticatorOptions<Request>;

/** What a protected handler gets besides the request: the verified token and Next's params. */
export interface ProtectedContext<Params, Auth> {
  readonly auth: Auth;
  /** The route's dynamic segments, as Next gives them (a promise since Next 15). */
  readonly params: Promise<Params>;
}

/** A route handler behind {@link Protect}. */
export type ProtectedHandler<Params, Auth, Req extends Request = Request> = (
  request: Req,
  context: ProtectedContext<Params, Auth>,
) => Response | Promise<Response>;

/** A Next.js route handler: `export const GET = protect(...)`. */
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
  /**
   * The Web-standard entry (`Bun.serve`, `Deno.serve`, SvelteKit, Astro): resolves to the
   * verified token's `AuthInfo`, or rejects with the `JwtGuardError` to answer with.
   */
  authenticate(request: Request): Promise<Auth>;
}

const lifting: WebRequestLifting<Request> = { request: (request) => request };

/**
 * The refusal of a `JwtGuardError` as a Web `Response`: its status, `WWW-Authenticate` (and
 * `Retry-After` on a 503) and the short body every adapter answers.
 *
 * @example
 * ```ts
 * catch (error) { if (error instanceof JwtGuardError) return refusalResponse(error); throw error; }
 * ```
 */
export function refusalResponse(error: JwtGuardError): Response {
  const { status, headers, body } = toErrorResponse(error);
  return new Response(body, { status, headers });
}

/**
 * Prepares the authenticator once (a `TypeError` naming a bad option) and returns `protect`.
 * A `JwtGuardError` thrown by the handler (a guard, `authorize`) is answered as a refusal.
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
        await check?.(auth, request, context?.params);
        return await handler(request, { auth, params: context?.params });
      } catch (error) {
        if (error instanceof JwtGuardError) return refusalResponse(error);
        throw error;
      }
    };
  };
  return Object.assign(protect, { authenticate });
}
