/**
 * The conformance routes as Next.js App Router route handlers: each route of the table is
 * the handler a `route.ts` would export, made by `@jwt-guard/next`, and a small router
 * stands in for Next's file-system routing. Runtime-neutral: Web APIs only, so the same
 * module runs on Node (through a fetch bridge) and on workerd (the Edge runtime's engine).
 */
import {
  type AuthInfo,
  guards,
  jwtAuth,
  type Protect,
  protectedResourceMetadata,
  type Requirements,
} from '@jwt-guard/next';
import {
  type AppConfig,
  conformanceRoutes,
  type Guards,
  handled,
  RESOURCE_METADATA,
  RESOURCE_METADATA_URL,
  sharedMiddleware,
} from '../app-config.js';

/** A Next route handler: what `export const GET = …` holds. */
export type NextRouteHandler = (
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Response | Promise<Response>;

/**
 * How a guard of the table applies on Next: scopes, roles and policies are the
 * requirements `protect` takes; a claim or an authentication level is a guard called in
 * the handler, whose refusal `protect` answers.
 */
interface NextGuard {
  readonly requirements?: Requirements;
  readonly inHandler?: (auth: AuthInfo | undefined) => void;
}

const nextGuards: Guards<NextGuard> = {
  requireScope: (scope) => ({ requirements: { scopes: [scope] } }),
  requireRole: (role) => ({ requirements: { roles: [role] } }),
  requirePolicy: (policy) => ({ requirements: { policy } }),
  requireClaim: (path, value) => ({ inHandler: guards.requireClaim(path, value) }),
  requireAuthLevel: (level) => ({ inHandler: guards.requireAuthLevel(level) }),
};

/**
 * The route handlers by `METHOD /path`, as the app's route files would export them.
 *
 * @example
 * ```ts
 * const routes = createNextRoutes(config); await routes.get('GET /me')?.(request, { params });
 * ```
 */
export function createNextRoutes(config: AppConfig): Map<string, NextRouteHandler> {
  // Optional routes (`credentialsRequired: false`) give the handler no `auth` without a token.
  const protectFor = sharedMiddleware<Protect<AuthInfo | undefined>>((options) => jwtAuth(options));
  const routes = new Map<string, NextRouteHandler>();
  routes.set('GET /public', () => new Response('public'));
  const metadataPath = new URL(RESOURCE_METADATA_URL).pathname;
  routes.set(`GET ${metadataPath}`, protectedResourceMetadata(RESOURCE_METADATA));
  for (const route of conformanceRoutes(config)) {
    const guard = route.guard?.(nextGuards) ?? {};
    const protect = protectFor(route.auth);
    const handler = protect((_request, { auth }) => {
      guard.inHandler?.(auth);
      return new Response(handled(route.handler, auth?.payload.sub), {
        headers: { 'content-type': 'application/json' },
      });
    }, guard.requirements);
    routes.set(`${route.method.toUpperCase()} ${route.path}`, handler);
  }
  return routes;
}

/**
 * The routes behind one fetch handler, as `next start` would route them: by method and
 * path, 404 for anything else.
 *
 * @example
 * ```ts
 * serve({ fetch: createNextApp(config) });
 * ```
 */
export function createNextApp(config: AppConfig): (request: Request) => Promise<Response> {
  const routes = createNextRoutes(config);
  return async (request) => {
    const route = routes.get(`${request.method} ${new URL(request.url).pathname}`);
    if (!route) return new Response('Not Found', { status: 404 });
    return route(request, { params: Promise.resolve({}) });
  };
}
