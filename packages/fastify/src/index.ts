/** JWT bearer-token authentication for Fastify 5: the `jwtAuth` plugin, guards as `preHandler` hooks. */
import * as core from '@jwt-guard/core/adapter';
import { UnauthorizedError } from '@jwt-guard/core/app';
import type * as Fastify from 'fastify';
import fp from 'fastify-plugin';
import type { JWTPayload } from 'jose';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified token, set by `jwtAuth`; absent where auth is optional and none came. */
    auth?: core.AuthInfo;
  }
}

/** A request that passed `jwtAuth`: `request.auth` set, its payload typed as `Claims`. */
export type AuthenticatedRequest<Claims extends object = JWTPayload> = Fastify.FastifyRequest & {
  auth: core.AuthInfo<Claims>;
};

type Request = Fastify.FastifyRequest;
type Reply = Fastify.FastifyReply;
type Done = (error?: Error) => void;
type Plan = core.AuthenticatorPlan<Request>;
type Handler<C extends object> = (request: AuthenticatedRequest<C>, reply: Reply) => unknown;
/** Options of {@link jwtAuth}; `token.get` receives the Fastify request. */
export type JwtAuthOptions = core.AuthenticatorOptions<Request>;

// `raw`: Node's IncomingMessage; `protocol` and `host` honour `trustProxy`; `originalUrl` as sent.
const nodeRequest: core.NodeRequestLifting<Request> = {
  incoming: (request) => request.raw,
  body: (request) => request.body,
  address: ({ protocol, host, originalUrl }) => ({ scheme: protocol, host, target: originalUrl }),
};

// A refusal is the reply (thrown, Fastify would log a 4xx with its stack); an outage is
// logged as Fastify logs its own 5xx; any other error goes on to Fastify.
const refuse = (reply: Reply, done: Done) => (error: unknown) => {
  if (!(error instanceof core.JwtGuardError)) return done(error as Error);
  const { status, headers, body } = core.toErrorResponse(error);
  if (status >= 500) reply.log.error({ err: error }, 'jwt-guard could not verify the token');
  reply.code(status).headers(headers).send(body);
};

function accept(request: Request, auth: core.AuthInfo | undefined, done: Done) {
  request.auth = auth;
  done();
}

const authenticate = (plan: Plan) => (request: Request, reply: Reply, done: Done) => {
  let auth: ReturnType<typeof core.authenticateRequest<Request>>;
  try {
    auth = core.authenticateRequest(plan, request);
  } catch (error) {
    return refuse(reply, done)(error);
  }
  if (!(auth instanceof Promise)) return accept(request, auth, done); // a cache hit: this tick
  auth.then((found) => accept(request, found, done), refuse(reply, done));
};

/**
 * Verifies the token of each request in the registering scope and its children (not its parent
 * or siblings), sets `request.auth`: `onRequest`, or `preValidation` with `token.fromFormBody`.
 *
 * @example
 * ```ts
 * await app.register(jwtAuth, { issuer: 'https://id.example.com/', audience: 'https://api.example.com' });
 * ```
 */
export const jwtAuth = fp<JwtAuthOptions>(
  async (app, options) => {
    const plan = core.prepareAuthenticator<Request>(options, (request, wanted) =>
      core.readNodeRequest(request, wanted, nodeRequest),
    );
    if (!app.hasRequestDecorator('auth')) app.decorateRequest('auth', undefined);
    const hook = options.token?.fromFormBody === true ? 'preValidation' : 'onRequest';
    app.addHook(hook, authenticate(plan));
  },
  { fastify: '5.x', name: '@jwt-guard/fastify' },
);

/**
 * The guards as `preHandler` hooks (see {@link core.GuardMiddlewares}): `requireScope` (all
 * scopes), `requireRole` (any role), `requireClaim`, `requireAuthLevel`; refusals as jwtAuth's.
 *
 * @example
 * ```ts
 * app.get('/orders', { preHandler: requireScope('read:orders') }, listOrders);
 * ```
 */
export const { requireScope, requireRole, requireClaim, requireAuthLevel } =
  core.createGuardMiddlewares<Fastify.preHandlerHookHandler>((guard) => (request, reply, done) => {
    try {
      guard(request.auth);
    } catch (error) {
      return refuse(reply, done)(error);
    }
    done();
  });

/** Fastify types no params into a hook made apart from its route. */
interface PolicyHook extends core.MiddlewareType {
  readonly middleware: Fastify.preHandlerHookHandler;
}
type Params = Record<string, string>;
type Hooks = core.RouteMiddlewares<PolicyHook, Params, Fastify.onRequestHookHandler>;
const pathOf = (request: Request) => request.url.split('?', 1)[0] as string;

/**
 * `requirePolicy(policy)`, a `preHandler` hook whose policy sees `{ method, path, params,
 * headers }`; `protectedResourceMetadata(options)`, an `onRequest` hook to add before
 * `jwtAuth` (see {@link core.RouteMiddlewares}).
 *
 * @example
 * ```ts
 * app.get('/users/:userId', { preHandler: requirePolicy(hasAnyRole('support')) }, readUser);
 * ```
 */
export const { requirePolicy, protectedResourceMetadata }: Hooks = core.createRouteMiddlewares({
  policy: (check) => (request, reply, done) => {
    const { method, params, headers } = request as Request & { params: never };
    const path = pathOf(request);
    check(request.auth, { method, path, params, headers }).then(() => done(), refuse(reply, done));
  },
  metadata: (answerTo) => (request, reply, done) => {
    const answer = answerTo(request.method, pathOf(request));
    if (!answer) return done();
    reply.code(answer.status).headers(answer.headers).send(answer.body);
  },
});

/**
 * A route handler whose `request.auth` is set and typed `AuthInfo<Claims>`; without a verified
 * token it answers 401 `ERR_NO_TOKEN` as the guards do. `Claims` is a type, not a check.
 *
 * @example
 * ```ts
 * app.get('/tenant', authenticated<{ tid: string }>(async (request) => request.auth.payload.tid));
 * ```
 */
export const authenticated =
  <Claims extends object = JWTPayload>(handler: Handler<Claims>) =>
  async (request: Request, reply: Reply): Promise<unknown> => {
    if (request.auth) return handler(request as AuthenticatedRequest<Claims>, reply);
    refuse(reply, () => {})(new UnauthorizedError('ERR_NO_TOKEN'));
    return reply;
  };

/** What an app needs besides the plugin (errors, `createVerifier`, policies, presets, stores). */
export * from '@jwt-guard/core/app';
