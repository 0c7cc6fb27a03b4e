import { describe, expect, it } from 'vitest';
import { InsufficientScopeError, type JwtGuardError, UnauthorizedError } from '../../src/index.js';
import { allOf, authorize, hasAnyRole, hasScopes } from '../../src/policy/index.js';
import { authWith, requestOf, SHOP } from './fixtures.js';

const rejection = (promise: Promise<void>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as JwtGuardError,
  );

describe('authorize', () => {
  it('resolves when the policy allows', async () => {
    await expect(
      authorize(authWith({ scope: 'read' }), requestOf(), hasScopes('read')),
    ).resolves.toBeUndefined();
  });

  it('answers 401 ERR_NO_TOKEN without a verified token, and runs no predicate', async () => {
    let ran = false;
    const error = await rejection(
      authorize(undefined, requestOf(), () => {
        ran = true;
        return true;
      }),
    );
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error?.code).toBe('ERR_NO_TOKEN');
    expect(error?.headers['WWW-Authenticate']).toBe('Bearer realm="api"');
    expect(ran).toBe(false);
  });

  it("names the missing scopes in one 403 challenge, in the authenticator's realm", async () => {
    const error = await rejection(
      authorize(authWith({ scope: 'read' }), requestOf(), allOf(hasScopes('read', 'write'))),
    );
    expect(error).toBeInstanceOf(InsufficientScopeError);
    expect(error).toMatchObject({ code: 'ERR_INSUFFICIENT_SCOPE', status: 403 });
    expect(error?.headers['WWW-Authenticate']).toBe(
      'Bearer realm="shop", error="insufficient_scope", error_description="The access token lacks a required scope", scope="read write"',
    );
  });

  it('answers a missing role ERR_INSUFFICIENT_ROLE, as the role guard does, with no scope', async () => {
    const error = await rejection(
      authorize(authWith({ roles: [] }), requestOf(), hasAnyRole('admin')),
    );
    expect(error).toBeInstanceOf(InsufficientScopeError);
    expect(error).toMatchObject({ code: 'ERR_INSUFFICIENT_ROLE', status: 403, expose: true });
    expect(error?.headers['WWW-Authenticate']).toBe(
      'Bearer realm="shop", error="insufficient_scope", error_description="The access token lacks a required role"',
    );
  });

  it('answers any other refusal ERR_POLICY_DENIED, with no scope', async () => {
    const error = await rejection(authorize(authWith({ roles: [] }), requestOf(), () => false));
    expect(error).toBeInstanceOf(InsufficientScopeError);
    expect(error).toMatchObject({ code: 'ERR_POLICY_DENIED', status: 403, expose: true });
    expect(error?.headers['WWW-Authenticate']).toBe(
      'Bearer realm="shop", error="insufficient_scope", error_description="The access token does not satisfy the access policy"',
    );
  });

  it("carries the authenticator's other challenge settings (resource metadata)", async () => {
    const settings = {
      ...SHOP,
      challenge: { realm: 'shop', resourceMetadata: 'https://api.example.com/.well-known/x' },
    };
    const error = await rejection(authorize(authWith({}, settings), requestOf(), () => false));
    expect(error?.headers['WWW-Authenticate']).toContain(
      'resource_metadata="https://api.example.com/.well-known/x"',
    );
  });
});
