import type { AuthInfo } from '@jwt-guard/core';
import { Hono, type MiddlewareHandler } from 'hono';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type AuthVariables,
  jwtAuth,
  protectedResourceMetadata,
  requirePolicy,
} from '../src/index.js';

describe('types', () => {
  it('types c.get("auth")', () => {
    const options = { issuer: 'https://id.example.com/', audience: 'api' };
    expectTypeOf(jwtAuth(options)).toEqualTypeOf<MiddlewareHandler<{ Variables: AuthVariables }>>();
    expectTypeOf(jwtAuth({ ...options, credentialsRequired: false })).toEqualTypeOf<
      MiddlewareHandler<{ Variables: AuthVariables<AuthInfo | undefined> }>
    >();
    new Hono().use(jwtAuth(options)).get('/', (c) => {
      expectTypeOf(c.get('auth')).toEqualTypeOf<AuthInfo>();
      return c.text('ok');
    });
  });

  it('types requirePolicy and protectedResourceMetadata as Hono middleware', () => {
    const owner = requirePolicy<{ userId: string }>(
      (auth, req) => auth.payload.sub === req.params.userId,
    );
    expectTypeOf(owner).toEqualTypeOf<MiddlewareHandler<{ Variables: Partial<AuthVariables> }>>();
    const metadata = protectedResourceMetadata({ resource: 'https://api.example.com' });
    expectTypeOf(metadata).toMatchTypeOf<MiddlewareHandler>();
    expectTypeOf(metadata.url).toEqualTypeOf<string>();
  });
});
