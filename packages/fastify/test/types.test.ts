import type { AuthInfo } from '@jwt-guard/core';
import type {
  FastifyInstance,
  FastifyRequest,
  onRequestHookHandler,
  preHandlerHookHandler,
} from 'fastify';
import Fastify from 'fastify';
import type { JWTPayload } from 'jose';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type AuthenticatedRequest,
  type JwtAuthOptions,
  jwtAuth,
  protectedResourceMetadata,
  requireAuthLevel,
  requireClaim,
  requirePolicy,
  requireRole,
  requireScope,
} from '../src/index.js';

describe('types', () => {
  it('types request.auth through FastifyRequest merging', () => {
    expectTypeOf<FastifyRequest['auth']>().toEqualTypeOf<AuthInfo | undefined>();
    expectTypeOf<NonNullable<FastifyRequest['auth']>['payload']>().toMatchTypeOf<JWTPayload>();
    expectTypeOf<NonNullable<FastifyRequest['auth']>['token']>().toEqualTypeOf<string>();
  });

  it('makes the guards preHandler hooks', () => {
    expectTypeOf(requireScope).parameters.toEqualTypeOf<string[]>();
    expectTypeOf(requireScope('a')).toEqualTypeOf<preHandlerHookHandler>();
    expectTypeOf(requireRole('admin')).toEqualTypeOf<preHandlerHookHandler>();
    expectTypeOf(requireClaim('tid', 'acme')).toEqualTypeOf<preHandlerHookHandler>();
    expectTypeOf(requireAuthLevel({ maxAge: 60 })).toEqualTypeOf<preHandlerHookHandler>();
    expectTypeOf(requirePolicy(() => true)).toEqualTypeOf<preHandlerHookHandler>();
  });

  it('registers as a plugin whose options are checked', async () => {
    const app: FastifyInstance = Fastify();
    await app.register(jwtAuth, { issuer: 'https://id.example.com/', audience: 'api' });
    // @ts-expect-error: `audience` must be a string, an array or null
    app.register(jwtAuth, { issuer: 'https://id.example.com/', audience: 42 });
    expectTypeOf<JwtAuthOptions['token']>().toMatchTypeOf<
      { get?: (request: FastifyRequest) => unknown } | undefined
    >();
    app.get('/x', { preHandler: [requireScope('a'), requireRole('b')] }, async () => 'ok');
  });

  it('is generic over claims', () => {
    type Claims = { tenant: string; roles: string[] };
    expectTypeOf<
      AuthenticatedRequest<Claims>['auth']['payload']['tenant']
    >().toEqualTypeOf<string>();
    expectTypeOf<AuthenticatedRequest<Claims>['auth']['payload']['sub']>().toEqualTypeOf<
      string | undefined
    >();
    expectTypeOf<AuthenticatedRequest<Claims>>().toMatchTypeOf<FastifyRequest>();
  });

  it('types requirePolicy by the params and claims it reads', () => {
    requirePolicy<{ userId: string }, { tid: string }>(
      (auth, request) => auth.payload.tid === request.params.userId,
    );
    requirePolicy((_auth, request) => request.params.anything === request.path);
    const metadata = protectedResourceMetadata({ resource: 'https://api.example.com' });
    expectTypeOf(metadata).toMatchTypeOf<onRequestHookHandler>();
    expectTypeOf(metadata.url).toEqualTypeOf<string>();
  });
});
