/**
 * JWT bearer-token authentication for Fastify 5: a plugin that reads the request, calls core,
 * sets `request.auth` and answers a refusal through the reply; guards as `preHandler` hooks.
 */
import * as core from '@jwt-guard/core/adapter';
import type * as Fastify from 'fastify';
import fp from 'fastify-plugin';
import type { JWTPayload } from 'jose';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified token, set by `jwtAuth`; absent where auth is optional and none came. */
    auth?: core.AuthInfo<JwtClaims>;
  }
}

/**
 * The claims `request.auth.payload` is typed with, app-wide, by declaration merging.
 *
 * @example
 * ```ts
 * declare module '@jwt-guard/fastify' { interface JwtClaims { tenant: string } }
 * ```
 */
export interface JwtClaims extends JWTPayload {}

/** A request that passed `jwtAuth`: `request.auth` set, with a route's own `Claims` type. */
export type AuthenticatedRequest<Claims extends object = JwtClaims> = Fastify.FastifyRequest & {
  auth: core.AuthInfo<Claims>;
};

type Request = Fastify.FastifyRequest;
type Reply = Fastify.FastifyReply;
type Done = (error?: Error) => void;
type Plan = core.AuthenticatorPlan<Request>;
/** Options of {@link jwtAuth}; `token.get` receives the Fastify request. */
export type JwtAuthOptions = core.AuthenticatorOptions<Request>;

// `request.raw` is Node's IncomingMessage, `request.body` what Fastify's parser made;
// `protocol` and `host` honour `trustProxy`, and `originalUrl` is the target as sent.
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

function authenticate(plan: Plan, request: Request, reply: Reply, done: Done) {
  let auth: ReturnType<typeof core.authenticateRequest<Request>>;
  try {
    auth = core.authenticateRequest(plan, request);
  } catch (error) {
    return refuse(reply, done)(error);
  }
  if (!(auth instanceof Promise)) return accept(request, auth, done); // a cache hit: this tick
  auth.then((found) => accept(request, found, done), refuse(reply, done));
}

/**
 * Verifies the bearer token of every request in the scope that registers it (fastify-plugin:
 * that scope and its children, not its parent or siblings) and sets `request.auth`: in
 * `onRequest`, or in `preValidation` (the body parsed) where `token.fromFormBody` is on.
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
    const hook = (request: Request, reply: Reply, done: Done) =>
      authenticate(plan, request, reply, done);
    app.addHook(options.token?.fromFormBody === true ? 'preValidation' : 'onRequest', hook);
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
type Hooks = core.RouteMiddlewares<
  PolicyHook,
  Record<string, string>,
  Fastify.onRequestHookHandler
>;
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

/** What an app needs besides the plugin (errors, `createVerifier`, policies, presets, stores). */
export * from '@jwt-guard/core/app';
