/**
 * A Workers module for workerd, run as two Worker instances (two isolates) against one
 * `JwtGuardRevocationObject`, for the test beside it. Each isolate builds, on its first
 * request, a Hono app whose deny list mirrors the object through
 * `createDurableObjectRevocationFeed`. `GET /api/me` is protected; `POST /api/revoke` revokes
 * the caller's own token; `POST /object/fail` and `/object/recover` make the object answer
 * 500 or serve again; `GET /object/count` reads how many operations it has served. An API
 * answer says in `x-object-requests` how many requests its isolate made to the object while
 * it ran (a poll it started in the background included). The first
 * instance forwards `/b/…` to the second through a service binding.
 */
import { createDenyList, type DenyList } from '@jwt-guard/core';
import {
  createDurableObjectRevocationFeed,
  type DurableObjectNamespaceLike,
  type DurableObjectRevocationFeed,
  JwtGuardRevocationObject,
  type RevocationStateLike,
} from '@jwt-guard/core/store';
import { type AuthVariables, jwtAuth } from '@jwt-guard/hono';
import { Hono } from 'hono';

/** The object, plus a switch that makes it answer 500, and a count of what it served. */
export class FailableRevocationObject extends JwtGuardRevocationObject {
  #failing = false;
  #served = 0;
  constructor(state: RevocationStateLike, env?: unknown) {
    super(state, env);
  }
  override async fetch(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname;
    if (path === '/fail' || path === '/recover') {
      this.#failing = path === '/fail';
      return new Response(null, { status: 204 });
    }
    if (path === '/count') return Response.json({ served: this.#served });
    this.#served++;
    if (this.#failing) return new Response('down', { status: 500 });
    return super.fetch(request);
  }
}

/** The bindings. */
export interface Env {
  readonly REVOCATIONS: DurableObjectNamespaceLike;
  readonly PEER?: { fetch(request: Request): Promise<Response> };
  readonly ISSUER: string;
  readonly SECRET: string;
  readonly POLL_MS: string;
  readonly MAX_STALENESS_MS: string;
}

const OBJECT_NAME = 'jwt-guard:revocations';

interface Guard {
  readonly feed: DurableObjectRevocationFeed;
  readonly denyList: DenyList;
}

let guard: Guard | undefined;
/** Requests this isolate has made to the object, to report per API request. */
let objectRequests = 0;

/** `namespace`, counting every request made to its objects. */
function counting(namespace: DurableObjectNamespaceLike): DurableObjectNamespaceLike {
  return {
    idFromName: (name) => namespace.idFromName(name),
    get(id: never) {
      const stub = namespace.get(id);
      return {
        fetch(request: Request) {
          objectRequests++;
          return stub.fetch(request);
        },
      };
    },
  };
}
let app: Hono<{ Bindings: Env; Variables: AuthVariables }> | undefined;

/** Built on the first request (bindings arrive with it), then kept for the isolate's life. */
function buildApp(env: Env) {
  const maxStalenessMs = Number(env.MAX_STALENESS_MS);
  const feed = createDurableObjectRevocationFeed({
    namespace: counting(env.REVOCATIONS),
    name: OBJECT_NAME,
    pollMs: Number(env.POLL_MS),
    maxStalenessMs,
  });
  guard = { feed, denyList: createDenyList({ feed, maxStalenessMs }) };
  const built = new Hono<{ Bindings: Env; Variables: AuthVariables }>();
  built.use('/api/*', async (c, next) => {
    const before = objectRequests;
    await next();
    c.header('x-object-requests', String(objectRequests - before));
  });
  built.use('/api/*', async (c, next) => {
    await guard!.feed.poll(c.executionCtx);
    await next();
  });
  built.use(
    '/api/*',
    jwtAuth({
      issuer: env.ISSUER,
      audience: 'api',
      secret: env.SECRET,
      isRevoked: (payload) => guard!.denyList.isRevoked(payload),
    }),
  );
  built.get('/api/me', (c) => c.json({ sub: c.get('auth').payload.sub }));
  built.post('/api/revoke', async (c) => {
    const { jti, exp, iss } = c.get('auth').payload;
    await guard!.denyList.revoke(jti!, exp!, iss!);
    return c.body(null, 204);
  });
  built.all('/object/:action', (c) => {
    const stub = env.REVOCATIONS.get(env.REVOCATIONS.idFromName(OBJECT_NAME) as never);
    return stub.fetch(new Request(`https://object.invalid/${c.req.param('action')}`));
  });
  return built;
}

export default {
  fetch(request: Request, env: Env, ctx: { waitUntil(promise: Promise<unknown>): void }) {
    const url = new URL(request.url);
    if (env.PEER !== undefined && url.pathname.startsWith('/b/')) {
      url.pathname = url.pathname.slice(2);
      return env.PEER.fetch(new Request(url, request));
    }
    app ??= buildApp(env);
    return app.fetch(request, env, ctx as never);
  },
};
