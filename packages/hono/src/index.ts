/**
 * JWT bearer-token authentication for Hono on every runtime (Node, Workers, Bun, Deno): core's
 * middleware lifted, `c.set('auth', …)`, and a refusal thrown as an `HTTPException` carrying
 * the prepared RFC 6750 response and the error as `cause`.
 */
import * as core from '@jwt-guard/core/adapter';
import * as realtime from '@jwt-guard/core/realtime';
import * as issuer from '@jwt-guard/issuer';
import { type Context, type Env, Hono, type MiddlewareHandler, type Next } from 'hono';
import { HTTPException } from 'hono/http-exception';

/** Options of {@link jwtAuth}; `token.get` receives the Hono context. */
export type JwtAuthOptions = core.AuthenticatorOptions<Context>;
/** The variables `jwtAuth` sets: `c.get('auth')`. */
export interface AuthVariables<Auth = core.AuthInfo> {
  auth: Auth;
}
/** The context of a request that passed `jwtAuth`, with your claims type. */
export type AuthenticatedContext<Claims extends object = core.AuthInfo['payload']> = Context<{
  Variables: AuthVariables<core.AuthInfo<Claims>>;
}>;
/** A handler that runs only after `jwtAuth` verified a token. */
export type AuthenticatedHandler<Claims extends object = core.AuthInfo['payload']> = (
  c: AuthenticatedContext<Claims>,
  next: Next,
) => Response | undefined | Promise<Response | undefined>;
/** Options of {@link wsAuth}: `jwtAuth`'s, with the opt-in `token: { fromProtocol, fromQuery }`. */
export type WsAuthOptions = realtime.HandshakeAuthOptions;

// Hono's own getResponse() reads `res`'s body back: on @hono/node-server a second full Web
// Response per refusal, and floods cost four times accepted tokens (issue 24).
type Answer = ReturnType<typeof core.toErrorResponse>;
class RefusalException extends HTTPException {
  readonly #answer: Answer;
  constructor(answer: Answer, cause: core.JwtGuardError) {
    super(answer.status as 401, { res: new Response(answer.body, answer), cause });
    this.#answer = answer;
  }
  override getResponse(): Response {
    return new Response(this.#answer.body, this.#answer);
  }
}
type GuardMiddleware = MiddlewareHandler<{ Variables: Partial<AuthVariables> }>;
const lifting: core.FrameworkLifting<Context, GuardMiddleware> & core.FetchStyleLifting<Context> = {
  step: core.throwingStep<Context, Next>((answer, error) => new RefusalException(answer, error)),
  auth: (c) => c.get('auth'),
  attach: (c, auth) => c.set('auth', auth),
  policyRequest: ({ req }) => ({
    method: req.method,
    path: req.path,
    params: req.param(),
    headers: req.header(),
  }),
  request: (c) => c.req.raw,
  incoming: (c) => (c.env as { incoming?: unknown } | undefined)?.incoming,
  // `all`: a repeated form field comes as an array (two tokens). Hono caches the parsed body.
  body: (c) => c.req.parseBody({ all: true }),
  // The URL the runtime built (on Node, from a Host it checked): core checks its authority.
  address: (c) => ({ target: c.req.url }),
  executionContext: (c) => c.executionCtx,
};
const lifted = core.liftFramework(lifting);

/**
 * Verifies the bearer token and sets `c.get('auth')` to `{ payload, header, token }`.
 * On Workers, where options come from bindings, pass a function of the context: it runs on
 * the first request and its result serves the isolate's life (one key cache per isolate).
 *
 * @example
 * ```ts
 * const app = new Hono<{ Variables: AuthVariables }>();
 * app.use('/api/*', jwtAuth({ issuer: 'https://id.example.com/', audience: 'https://api.example.com' }));
 * app.get('/api/me', (c) => c.json({ sub: c.get('auth').payload.sub }));
 * // Workers: app.use('/api/*', jwtAuth((c) => ({ issuer: c.env.ISSUER, audience: c.env.AUDIENCE })));
 * ```
 */
export function jwtAuth(
  options: JwtAuthOptions & { credentialsRequired: false },
): MiddlewareHandler<{ Variables: AuthVariables<core.AuthInfo | undefined> }>;
export function jwtAuth(options: JwtAuthOptions): MiddlewareHandler<{ Variables: AuthVariables }>;
// NonNullable: under exactOptionalPropertyTypes an optional `Bindings` reads as `object | undefined`,
// which Hono's `Env` refuses (TS2344 in a user's project).
export function jwtAuth<E extends Env = Env>(
  options: (c: Context<E>) => JwtAuthOptions,
): MiddlewareHandler<{ Bindings: NonNullable<E['Bindings']>; Variables: AuthVariables }>;
export function jwtAuth(
  options: JwtAuthOptions | ((c: Context) => JwtAuthOptions),
): MiddlewareHandler {
  return lifted.authenticate(core.prepareFetchStyleAuthenticator(options, lifting));
}

/**
 * The guards as route middleware (see `GuardMiddlewares`): `requireScope(...scopes)`
 * (all of them), `requireRole(...roles)` (any of them), `requireClaim(path, expected)`,
 * `requireAuthLevel({ acr, maxAge })`. A refusal is thrown as an `HTTPException`.
 */
export const { requireScope, requireRole, requireClaim, requireAuthLevel } = lifted.guards;

/**
 * `requirePolicy(policy)` and `protectedResourceMetadata(options)` (see `RouteMiddlewares`):
 * a policy sees `c.req.method`, `.path`, `.param()` and `.header()`; a refusal is thrown as
 * an `HTTPException`.
 */
export const { requirePolicy, protectedResourceMetadata } = core.createRouteMiddlewares<
  { params: unknown; middleware: GuardMiddleware }, // Hono types no route's params here
  Record<string, string>,
  MiddlewareHandler
>({
  policy: lifted.policy,
  metadata: (answerTo) => async (c, next) => {
    const answer = answerTo(c.req.method, c.req.path);
    if (!answer) return next();
    return c.body(answer.body, answer.status as 200, answer.headers);
  },
});

/**
 * Wraps `handler` as a Hono handler whose `c.get('auth')` is `AuthInfo<Claims>` (a type, not
 * a check), run only with a verified token (else the answer is 401 `ERR_NO_TOKEN`, as the
 * guards answer).
 *
 * @example
 * ```ts
 * app.get('/tenant', jwtAuth(options), authenticated<{ tenant: string }>((c) => c.json({ tenant: c.get('auth').payload.tenant })));
 * ```
 */
export function authenticated<Claims extends object = core.AuthInfo['payload']>(
  handler: AuthenticatedHandler<Claims>,
): GuardMiddleware {
  // The check is a step whose `next` is the handler: its answer is the middleware's.
  const check = lifting.step((c) => void lifted.authOf(c));
  return async (c, next) =>
    check(c, () => handler(c as unknown as AuthenticatedContext<Claims>, next) as Promise<void>);
}

/** `wsAuth(options)` (see `HandshakeMiddlewares`): a refusal is thrown as an `HTTPException`. */
export const { wsAuth } = realtime.liftHandshakes(
  lifting,
  (c) => c.req.raw,
) as realtime.HandshakeMiddlewares<MiddlewareHandler<{ Variables: AuthVariables }>>;

export * from '@jwt-guard/core/app';
export { closeOnExpiry, selectProtocol, watchExpiry } from '@jwt-guard/core/realtime';
export {
  createDurableObjectStore,
  type DurableObjectNamespaceLike,
  type DurableObjectStoreOptions,
  JwtGuardStoreObject,
} from '@jwt-guard/core/store';

/** Options of {@link tokenEndpoints}; `authenticate` and `rateLimit` receive the Hono context. */
export type TokenEndpointsOptions = issuer.TokenEndpointsOptions<Context>;

/** The token endpoints as a Hono app for `app.route('/', …)`: see `FetchTokenEndpoints`. */
export const { tokenEndpoints } = issuer.liftFetchTokenEndpoints<Context, Hono>(
  {
    request: (c) => c.req.raw,
    path: (c) => c.req.path,
    // A body an earlier middleware read: Hono keeps a copy.
    readBody: (c) => c.req.arrayBuffer(),
  },
  (serve) => new Hono().use(async (c, next) => serve(c) ?? next()),
);
