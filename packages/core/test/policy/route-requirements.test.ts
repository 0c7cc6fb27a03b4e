/**
 * A route's requirements as data (what Next.js's `protect` and Nest's decorators state),
 * prepared into the guards and policies the middlewares run, with their refusals.
 */
import { describe, expect, it } from 'vitest';
import { prepareRouteRequirements } from '../../src/adapter.js';
import type { JwtGuardEvent } from '../../src/index.js';
import { codeOf, thrownBy } from '../outcome.js';
import { authWith, requestOf, SHOP } from './fixtures.js';

const reader = { scope: 'read', roles: ['ops'], email_verified: true };

describe('prepareRouteRequirements', () => {
  it('asks nothing when empty: no guard refuses, and there is no policy to run', () => {
    const check = prepareRouteRequirements();
    expect(thrownBy(() => check.guard(undefined))).toBeUndefined();
    expect(check.policy).toBeUndefined();
    expect(prepareRouteRequirements({}).policy).toBeUndefined();
  });

  it('needs every scope, any role, each claim and the level, as the guards do', () => {
    const check = prepareRouteRequirements({
      scopes: ['read'],
      roles: ['admin', 'ops'],
      claims: [{ path: 'email_verified', expected: true }],
      authLevel: { acr: ['urn:mfa'] },
    });
    expect(check.policy).toBeUndefined();
    expect(thrownBy(() => check.guard(authWith({ ...reader, acr: 'urn:mfa' })))).toBeUndefined();
    const scope = thrownBy(() => check.guard(authWith({ ...reader, scope: 'write' })));
    expect(scope?.code).toBe('ERR_INSUFFICIENT_SCOPE');
    expect(scope?.headers['WWW-Authenticate']).toBe(
      'Bearer realm="shop", error="insufficient_scope", error_description="The access token lacks a required scope", scope="read"',
    );
    const role = thrownBy(() => check.guard(authWith({ ...reader, roles: ['guest'] })));
    expect(role?.code).toBe('ERR_INSUFFICIENT_ROLE');
    const claim = thrownBy(() => check.guard(authWith({ ...reader, email_verified: false })));
    expect(claim?.code).toBe('ERR_CLAIM_CHECK_FAILED');
    const level = thrownBy(() => check.guard(authWith({ ...reader, acr: 'urn:pwd' })));
    expect(level?.code).toBe('ERR_INSUFFICIENT_USER_AUTHENTICATION');
    expect(level?.status).toBe(401);
    expect(thrownBy(() => check.guard(undefined))?.code).toBe('ERR_NO_TOKEN');
  });

  it('refuses in the middlewares order: claims, scopes, roles, then the level', () => {
    const check = prepareRouteRequirements({
      scopes: ['read'],
      roles: ['admin'],
      claims: [{ path: 'email_verified', expected: true }],
      authLevel: { acr: ['urn:mfa'] },
    });
    const codeFor = (payload: object) => thrownBy(() => check.guard(authWith(payload)))?.code;
    expect(codeFor({})).toBe('ERR_CLAIM_CHECK_FAILED');
    expect(codeFor({ email_verified: true })).toBe('ERR_INSUFFICIENT_SCOPE');
    expect(codeFor({ email_verified: true, scope: 'read' })).toBe('ERR_INSUFFICIENT_ROLE');
    expect(codeFor({ ...reader, roles: ['admin'] })).toBe('ERR_INSUFFICIENT_USER_AUTHENTICATION');
  });

  it('runs anyScopes, then the policy, with the request; anyScopes names its first scope', async () => {
    const seen: unknown[] = [];
    const check = prepareRouteRequirements<{ id: string }>({
      anyScopes: ['admin', 'read'],
      policy: (auth, request) => {
        seen.push(request.params.id);
        return auth.payload.sub === request.params.id;
      },
    });
    const request = { ...requestOf(), params: { id: 'u1' } };
    expect(thrownBy(() => check.guard(undefined))).toBeUndefined();
    await expect(check.policy?.(authWith({ scope: 'read', sub: 'u1' }), request)).resolves.toBe(
      undefined,
    );
    expect(await codeOf(check.policy!(authWith({ scope: 'read', sub: 'u2' }), request))).toBe(
      'ERR_POLICY_DENIED',
    );
    expect(seen).toEqual(['u1', 'u1']);
    const refusal = await check.policy!(authWith({ sub: 'u1' }), request).catch((error) => error);
    expect(refusal.code).toBe('ERR_INSUFFICIENT_SCOPE');
    expect(refusal.headers['WWW-Authenticate']).toContain('scope="admin"');
    expect(seen).toHaveLength(2);
    expect(await codeOf(check.policy!(undefined, request))).toBe('ERR_NO_TOKEN');
  });

  it('reports refusals under the middleware each requirement stands for', async () => {
    const events: JwtGuardEvent[] = [];
    const settings = { ...SHOP, events: (event: JwtGuardEvent) => void events.push(event) };
    const check = prepareRouteRequirements({ roles: ['admin'], anyScopes: ['write'] });
    thrownBy(() => check.guard(authWith({}, settings)));
    await check.policy!(authWith({}, settings), requestOf()).catch(() => undefined);
    expect(events.map((event) => (event as { guard?: string }).guard)).toEqual([
      'requireRole',
      'requirePolicy',
    ]);
  });

  it('refuses a bad requirement when the route is made, with a TypeError', () => {
    for (const bad of [
      { scopes: ['bad"scope'] },
      { scopes: [] },
      { roles: [''] },
      { anyScopes: [] },
      { claims: [{ path: '', expected: true }] },
      { policy: 42 },
      { scope: ['admin'] },
      null,
      'scopes',
    ]) {
      expect(() => prepareRouteRequirements(bad as never), JSON.stringify(bad)).toThrow(TypeError);
    }
    expect(() => prepareRouteRequirements({ scope: ['admin'] } as never)).toThrow(
      /route requirement "scope" is not one of scopes, anyScopes/,
    );
  });
});
