import type { AuthInfo } from '@jwt-guard/core';
import type { Request, RequestHandler } from 'express';
import type { JWTPayload } from 'jose';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type AuthenticatedRequest,
  type IssuerConfig,
  type IssuerEntry,
  jwtAuth,
  protectedResourceMetadata,
  requirePolicy,
  requireRole,
  requireScope,
} from '../src/index.js';

describe('types', () => {
  it('types req.auth through Express.Request merging', () => {
    expectTypeOf<Request['auth']>().toEqualTypeOf<AuthInfo | undefined>();
    expectTypeOf<NonNullable<Request['auth']>['payload']>().toMatchTypeOf<JWTPayload>();
    expectTypeOf<NonNullable<Request['auth']>['token']>().toEqualTypeOf<string>();
    expectTypeOf(jwtAuth).returns.toEqualTypeOf<RequestHandler>();
    expectTypeOf(requireScope).parameters.toEqualTypeOf<string[]>();
    expectTypeOf(requireRole).returns.toEqualTypeOf<RequestHandler>();
  });

  it('takes listed issuers with keys of their own (IssuerEntry)', () => {
    const entry: IssuerEntry = { issuer: 'https://hr.example.com/', secret: 'x'.repeat(32) };
    expectTypeOf<IssuerEntry>().toMatchTypeOf<IssuerConfig>();
    expectTypeOf(jwtAuth).toBeCallableWith({
      audience: 'api',
      issuer: ['https://id.example.com/', entry],
    });
    // An entry without its issuer is no entry.
    // @ts-expect-error: `issuer` is required
    const nameless: IssuerEntry = { secret: 'x'.repeat(32) };
    expectTypeOf(nameless).toEqualTypeOf<IssuerEntry>();
  });

  it('is generic over claims', () => {
    type Claims = { tenant: string; roles: string[] };
    expectTypeOf<
      AuthenticatedRequest<Claims>['auth']['payload']['tenant']
    >().toEqualTypeOf<string>();
    expectTypeOf<AuthenticatedRequest<Claims>['auth']['payload']['sub']>().toEqualTypeOf<
      string | undefined
    >();
  });

  it('types requirePolicy by the params it reads, as Express types a handler', () => {
    const owner = requirePolicy<{ userId: string }>(
      (auth, req) => auth.payload.sub === req.params.userId,
    );
    expectTypeOf(owner).toEqualTypeOf<RequestHandler<{ userId: string }>>();
    expectTypeOf(requirePolicy(() => true)).toEqualTypeOf<RequestHandler<Request['params']>>();
    const metadata = protectedResourceMetadata({ resource: 'https://api.example.com' });
    expectTypeOf(metadata).toMatchTypeOf<RequestHandler>();
    expectTypeOf(metadata.url).toEqualTypeOf<string>();
  });
});
