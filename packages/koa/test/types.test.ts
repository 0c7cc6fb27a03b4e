import type { AuthInfo } from '@jwt-guard/core';
import Koa, { type Middleware } from 'koa';
import { describe, expectTypeOf, it } from 'vitest';
import { type AuthState, jwtAuth, protectedResourceMetadata, requirePolicy } from '../src/index.js';

describe('types', () => {
  it('makes ctx.state.auth known downstream', () => {
    const options = { issuer: 'https://id.example.com/', audience: 'api' };
    expectTypeOf(jwtAuth(options)).toEqualTypeOf<Middleware<AuthState>>();
    expectTypeOf(jwtAuth({ ...options, credentialsRequired: false })).toEqualTypeOf<
      Middleware<AuthState<AuthInfo | undefined>>
    >();
    const app = new Koa().use(jwtAuth(options));
    app.use((ctx) => {
      expectTypeOf(ctx.state.auth).toEqualTypeOf<AuthInfo>();
      expectTypeOf(ctx.state.auth.payload.sub).toEqualTypeOf<string | undefined>();
    });
  });

  it('types requirePolicy and protectedResourceMetadata as Koa middleware', () => {
    const owner = requirePolicy<{ userId: string }>(
      (auth, req) => auth.payload.sub === req.params.userId,
    );
    expectTypeOf(owner).toEqualTypeOf<Middleware<Partial<AuthState>>>();
    const metadata = protectedResourceMetadata({ resource: 'https://api.example.com' });
    expectTypeOf(metadata).toMatchTypeOf<Middleware>();
    expectTypeOf(metadata.url).toEqualTypeOf<string>();
  });
});
