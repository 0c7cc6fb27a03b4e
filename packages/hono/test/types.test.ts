import type { AuthInfo } from '@jwt-guard/core';
import { Hono, type MiddlewareHandler } from 'hono';
import { describe, expectTypeOf, it } from 'vitest';
import { type AuthVariables, jwtAuth } from '../src/index.js';

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
});
