/** `authenticated<Claims>()`: a handler whose c.get('auth') is set and typed with your claims. */
import type { AuthInfo } from '@jwt-guard/core';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { Hono, type Next } from 'hono';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  type AuthenticatedContext,
  type AuthVariables,
  authenticated,
  jwtAuth,
} from '../src/index.js';

interface Claims {
  tenant: string;
  roles: string[];
}

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['ES256'] });
});
afterAll(() => issuer.close());

describe('authenticated()', () => {
  it('gives the handler a set c.get("auth") with the claims', () => {
    authenticated<Claims>((c, next) => {
      expectTypeOf(c).toEqualTypeOf<AuthenticatedContext<Claims>>();
      expectTypeOf(c.get('auth')).toExtend<AuthInfo<Claims>>();
      expectTypeOf(c.get('auth')).not.toBeNullable();
      expectTypeOf(c.get('auth').payload.tenant).toEqualTypeOf<string>();
      expectTypeOf(c.get('auth').payload.roles).toEqualTypeOf<string[]>();
      expectTypeOf(c.get('auth').payload.sub).toEqualTypeOf<string | undefined>();
      expectTypeOf(next).toEqualTypeOf<Next>();
      return c.text('ok');
    });
  });

  it('runs the handler with the verified claims, and answers 401 without running it when no token was verified', async () => {
    const ran: string[] = [];
    const options = { issuer: issuer.issuer, audience: issuer.audience };
    const app = new Hono<{ Variables: AuthVariables }>();
    app.get(
      '/tenant',
      jwtAuth(options),
      authenticated<Claims>((c) => {
        ran.push('tenant');
        return c.json({ tenant: c.get('auth').payload.tenant });
      }),
    );
    app.get(
      '/optional',
      jwtAuth({ ...options, credentialsRequired: false }),
      authenticated<Claims>((c) => {
        ran.push('optional');
        return c.text(c.get('auth').payload.tenant);
      }),
    );
    const token = await issuer.mint({ claims: { tenant: 'acme', roles: [] } });
    const ok = await app.request('/tenant', { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ tenant: 'acme' });
    const refused = await app.request('/optional');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    expect(ran).toEqual(['tenant']);
  });
});
