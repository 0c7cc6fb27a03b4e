/**
 * The types a route file sees: `auth` is the verified `AuthInfo` (possibly undefined only
 * with optional credentials), `params` is Next's promise of the route's params, and the
 * route handler takes Next's `(request, { params })`.
 */
import type { AuthInfo } from '@jwt-guard/core';
import { describe, expectTypeOf, it } from 'vitest';
import { jwtAuth, type RouteHandler } from '../src/index.js';

const options = { issuer: 'https://id.example.com/', audience: 'https://api.example.com' };

describe('@jwt-guard/next types', () => {
  it('gives the handler the AuthInfo and the params promise', () => {
    const protect = jwtAuth(options);
    const GET = protect<{ id: string }>((_request, { auth, params }) => {
      expectTypeOf(auth).toEqualTypeOf<AuthInfo>();
      expectTypeOf(params).toEqualTypeOf<Promise<{ id: string }>>();
      return new Response();
    });
    expectTypeOf(GET).toEqualTypeOf<RouteHandler<{ id: string }>>();
    expectTypeOf(GET).parameter(1).toEqualTypeOf<{ params: Promise<{ id: string }> }>();
    expectTypeOf(protect.authenticate).returns.toEqualTypeOf<Promise<AuthInfo>>();
  });

  it('lets auth be undefined only when credentials are optional', () => {
    const optional = jwtAuth({ ...options, credentialsRequired: false });
    optional((_request, { auth }) => {
      expectTypeOf(auth).toEqualTypeOf<AuthInfo | undefined>();
      return new Response();
    });
  });

  it('takes a NextRequest-like subclass of Request as the request type', () => {
    class NextLikeRequest extends Request {
      readonly nextUrl = new URL(this.url);
    }
    const protect = jwtAuth(options);
    const GET = protect<Record<string, never>, NextLikeRequest>((request) => {
      expectTypeOf(request.nextUrl).toEqualTypeOf<URL>();
      return new Response();
    });
    expectTypeOf(GET).parameter(0).toEqualTypeOf<NextLikeRequest>();
  });

  it('refuses requirements of the wrong shape', () => {
    const protect = jwtAuth(options);
    // @ts-expect-error: scopes is a list
    protect(() => new Response(), { scopes: 'read:messages' });
  });
});
