/** Protected-resource metadata (RFC 9728): the document, its path, and the challenge parameter. */
import { describe, expect, it } from 'vitest';
import { createAuthenticator } from '../src/authenticator.js';
import { metadataResponse, protectedResourceMetadata } from '../src/resource-metadata.js';

describe('protectedResourceMetadata', () => {
  it('puts the well-known segment between host and path (§3.1)', () => {
    expect(protectedResourceMetadata({ resource: 'https://api.example.com' }).url).toBe(
      'https://api.example.com/.well-known/oauth-protected-resource',
    );
    const orders = protectedResourceMetadata({ resource: 'https://api.example.com/orders/' });
    expect(orders.path).toBe('/.well-known/oauth-protected-resource/orders');
    expect(orders.url).toBe('https://api.example.com/.well-known/oauth-protected-resource/orders');
    expect(protectedResourceMetadata({ resource: 'http://127.0.0.1:3000/v1' }).url).toBe(
      'http://127.0.0.1:3000/.well-known/oauth-protected-resource/v1',
    );
  });

  it('writes the RFC 9728 §2 members it is given, and bearer_methods_supported', () => {
    const metadata = protectedResourceMetadata({
      resource: 'https://api.example.com',
      authorizationServers: ['https://id.example.com/'],
      scopesSupported: ['read:orders', 'write:orders'],
      resourceName: 'Orders',
      resourceDocumentation: 'https://docs.example.com/orders',
      dpopSigningAlgValuesSupported: ['ES256'],
      dpopBoundAccessTokensRequired: false,
      tlsClientCertificateBoundAccessTokens: true,
    });
    expect(JSON.parse(metadata.body)).toEqual({
      resource: 'https://api.example.com',
      authorization_servers: ['https://id.example.com/'],
      scopes_supported: ['read:orders', 'write:orders'],
      bearer_methods_supported: ['header'],
      resource_name: 'Orders',
      resource_documentation: 'https://docs.example.com/orders',
      dpop_signing_alg_values_supported: ['ES256'],
      dpop_bound_access_tokens_required: false,
      tls_client_certificate_bound_access_tokens: true,
    });
  });

  it('answers GET and HEAD at its path only', () => {
    const metadata = protectedResourceMetadata({ resource: 'https://api.example.com/orders' });
    expect(metadataResponse(metadata, 'GET', metadata.path)).toMatchObject({
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: metadata.body,
    });
    expect(metadataResponse(metadata, 'HEAD', metadata.path)?.body).toBe('');
    expect(metadataResponse(metadata, 'POST', metadata.path)).toBeUndefined();
    expect(
      metadataResponse(metadata, 'GET', '/.well-known/oauth-protected-resource'),
    ).toBeUndefined();
    expect(metadataResponse(metadata, 'GET', '/orders')).toBeUndefined();
  });

  it.each([
    [{}, /option "resource"/],
    [{ resource: 'ftp://api.example.com' }, /option "resource"/],
    [{ resource: 'http://api.example.com' }, /option "resource"/],
    [{ resource: 'https://api.example.com/#x' }, /option "resource"/],
    [
      { resource: 'https://api.example.com', authorizationServers: [] },
      /option "authorizationServers"/,
    ],
    [
      { resource: 'https://api.example.com', authorizationServers: ['nope'] },
      /option "authorizationServers"/,
    ],
    [
      { resource: 'https://api.example.com', scopesSupported: ['two words'] },
      /option "scopesSupported"/,
    ],
    [
      { resource: 'https://api.example.com', bearerMethodsSupported: ['cookie'] },
      /option "bearerMethodsSupported"/,
    ],
    [{ resource: 'https://api.example.com', resourceName: '' }, /option "resourceName"/],
  ])('refuses %j', (options, message) => {
    expect(() => protectedResourceMetadata(options as never)).toThrow(message);
  });

  it('an authenticator names the metadata in every challenge, and refuses a URL that is not one', async () => {
    const base = { issuer: 'https://id.example.com/', audience: 'api' };
    const url = 'https://api.example.com/.well-known/oauth-protected-resource';
    const authenticator = createAuthenticator<string>(
      { ...base, challenge: { resourceMetadata: url } },
      (authorization) => ({
        authorization,
      }),
    );
    const missing = await authenticator.authenticate('').catch((error: unknown) => error);
    expect(missing).toMatchObject({
      headers: { 'WWW-Authenticate': `Bearer realm="api", resource_metadata="${url}"` },
    });
    for (const resourceMetadata of ['not a url', 'https://api.example.com/"x', 42]) {
      expect(() =>
        createAuthenticator<string>(
          { ...base, challenge: { resourceMetadata } } as never,
          () => ({}),
        ),
      ).toThrow(/option "challenge.resourceMetadata"/);
    }
  });
});
