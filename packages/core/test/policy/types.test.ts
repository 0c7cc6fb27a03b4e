import { describe, expectTypeOf, it } from 'vitest';
import type { AuthInfo } from '../../src/index.js';
import {
  allOf,
  anyOf,
  authorize,
  claim,
  hasAnyRole,
  hasScopes,
  not,
  type Policy,
  type RouteParams,
} from '../../src/policy/index.js';
import { authWith, requestOf } from './fixtures.js';

interface TenantClaims {
  tid: string;
}

describe('policy types', () => {
  it('flow the given Params and Claims into every predicate of a composition', () => {
    const policy = allOf<{ tenantId: string }, TenantClaims>(
      hasScopes('invoices'),
      not(hasAnyRole('suspended')),
      anyOf(claim('email_verified', true), (auth, req) => {
        expectTypeOf(req.params.tenantId).toEqualTypeOf<string>();
        expectTypeOf(auth.payload.tid).toEqualTypeOf<string>();
        // @ts-expect-error not a parameter of this route
        req.params.userId;
        return auth.payload.tid === req.params.tenantId;
      }),
    );
    expectTypeOf(policy).toEqualTypeOf<Policy<{ tenantId: string }, TenantClaims>>();
  });

  it('type a standalone predicate with RouteParams and JWTPayload by default', () => {
    allOf(hasAnyRole('admin'), (auth, req) => {
      expectTypeOf(req.params).toEqualTypeOf<RouteParams>();
      expectTypeOf(auth.payload.sub).toEqualTypeOf<string | undefined>();
      return true;
    });
  });

  it('infer authorize() types from the token and the request', async () => {
    const auth = authWith({ tid: 't1' }) as unknown as AuthInfo<TenantClaims>;
    await authorize(auth, requestOf({ params: { userId: 'u1' } }), (a, req) => {
      expectTypeOf(a.payload.tid).toEqualTypeOf<string>();
      expectTypeOf(req.params).toEqualTypeOf<Record<string, string>>();
      return true;
    }).catch(() => undefined);
  });

  it('reject not() with two policies at compile time', () => {
    const yes = () => true;
    // @ts-expect-error `not(a, b)` is a slip for `not(allOf(a, b))`
    expectTypeOf(() => not(yes, yes)).toBeFunction();
  });
});
