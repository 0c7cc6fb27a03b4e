/**
 * `requirePolicy` and `protectedResourceMetadata` as core builds them for every adapter:
 * the lifting gets a prepared check and a metadata answer; options are checked when the
 * middleware is made.
 */
import { describe, expect, it } from 'vitest';
import { InsufficientScopeError, UnauthorizedError } from '../../src/errors/jwt-guard-error.js';
import { hasScopes } from '../../src/policy/index.js';
import {
  createRouteMiddlewares,
  type MetadataAnswer,
  type MiddlewareType,
  type PolicyCheck,
} from '../../src/policy/route-middlewares.js';
import { authWith, requestOf } from './fixtures.js';

/** A middleware that is its own check, or its own metadata answer: enough to drive both. */
interface Checking<Params> {
  readonly check: PolicyCheck<Params>;
}
interface Lifted extends MiddlewareType {
  readonly middleware: Checking<this['params']>;
}
type Answer = (method: string, path: string) => MetadataAnswer | undefined;

const { requirePolicy, protectedResourceMetadata } = createRouteMiddlewares<
  Lifted,
  Record<string, string>,
  { readonly answer: Answer }
>({
  policy: (check) => ({ check }),
  metadata: (answer) => ({ answer }),
});

describe('requirePolicy (core lifting)', () => {
  it('hands the adapter a check that allows a token the policy allows', async () => {
    const { check } = requirePolicy(hasScopes('read'));
    await expect(check(authWith({ scope: 'read write' }), requestOf())).resolves.toBeUndefined();
  });

  it('refuses a token the policy does not allow, naming the scope, with its challenge', async () => {
    const { check } = requirePolicy(hasScopes('admin'));
    const refusal = await check(authWith({ scope: 'read' }), requestOf()).catch((e) => e);
    expect(refusal).toBeInstanceOf(InsufficientScopeError);
    expect(refusal.code).toBe('ERR_INSUFFICIENT_SCOPE');
    expect(refusal.status).toBe(403);
  });

  it('refuses a request without a verified token as 401', async () => {
    const { check } = requirePolicy(hasScopes('read'));
    const refusal = await check(undefined, requestOf()).catch((e) => e);
    expect(refusal).toBeInstanceOf(UnauthorizedError);
    expect(refusal.code).toBe('ERR_NO_TOKEN');
  });

  it('passes the request the adapter read to a predicate', async () => {
    const { check } = requirePolicy<{ id: string }>(
      (auth, req) => auth.payload.sub === req.params.id,
    );
    const mine = { ...requestOf(), params: { id: 'u1' } };
    await expect(check(authWith({ sub: 'u1' }), mine)).resolves.toBeUndefined();
    const other = await check(authWith({ sub: 'u2' }), mine).catch((e) => e);
    expect(other.code).toBe('ERR_POLICY_DENIED');
  });

  it('refuses what is no policy when the middleware is made', () => {
    expect(() => requirePolicy('admin' as never)).toThrow(TypeError);
  });
});

describe('protectedResourceMetadata (core lifting)', () => {
  const resource = 'https://api.example.com/orders';
  const served = protectedResourceMetadata({
    resource,
    authorizationServers: ['https://id.example.com/'],
  });

  it('carries the metadata and its URL on the adapter middleware', () => {
    expect(served.url).toBe('https://api.example.com/.well-known/oauth-protected-resource/orders');
    expect(served.metadata.document).toMatchObject({ resource });
  });

  it('answers GET and HEAD at its path, and nothing else', () => {
    const path = '/.well-known/oauth-protected-resource/orders';
    const answer = served.answer('GET', path);
    expect(answer?.status).toBe(200);
    expect(answer?.headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(answer?.body ?? '')).toMatchObject({ resource });
    expect(served.answer('HEAD', path)?.body).toBe('');
    expect(served.answer('POST', path)).toBeUndefined();
    expect(served.answer('GET', '/orders')).toBeUndefined();
  });

  it('refuses bad options when the middleware is made', () => {
    expect(() => protectedResourceMetadata({ resource: 'not a url' })).toThrow(TypeError);
  });
});
