/**
 * Client authentication, discovery and the endpoint's refusals, seen from a local token
 * endpoint that records what it receives.
 */
import { exportJWK, exportPKCS8, generateKeyPair, jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTokenClient,
  TokenClientError,
  type TokenClientOptions,
} from '../../src/client/index.js';
import { type LocalTokenEndpoint, startLocalTokenEndpoint } from './local-token-endpoint.js';

let op: LocalTokenEndpoint;
beforeEach(async () => {
  op = await startLocalTokenEndpoint();
});
afterEach(() => op.close());

const SECRET = 'p@ss:wörd +/%!';
const request = async (options: Partial<TokenClientOptions>) => {
  await createTokenClient({
    issuer: op.issuer,
    clientId: 'svc',
    retries: 0,
    ...options,
  } as TokenClientOptions).getToken();
  return op.requests.at(-1)!;
};
const failure = (options: Partial<TokenClientOptions>) =>
  createTokenClient({
    issuer: op.issuer,
    clientId: 'svc',
    clientSecret: SECRET,
    retries: 0,
    ...options,
  })
    .getToken()
    .then(
      () => expect.unreachable(),
      (error: unknown) => error as TokenClientError,
    );

describe('client authentication', () => {
  it('client_secret_basic form-urlencodes id and secret before base64 (RFC 6749 §2.3.1)', async () => {
    const seen = await request({ clientId: 'svc:a b', clientSecret: SECRET });
    const decoded = Buffer.from(seen.authorization!.replace(/^Basic /, ''), 'base64').toString();
    expect(decoded).toBe('svc%3Aa+b:p%40ss%3Aw%C3%B6rd+%2B%2F%25%21');
    expect(seen.params.has('client_secret')).toBe(false);
  });

  it('client_secret_post sends id and secret in the body', async () => {
    const seen = await request({
      clientSecret: SECRET,
      tokenEndpointAuthMethod: 'client_secret_post',
    });
    expect(seen.authorization).toBeUndefined();
    expect(seen.params.get('client_id')).toBe('svc');
    expect(seen.params.get('client_secret')).toBe(SECRET);
  });

  it.each([
    ['a JWK', 'ES256'],
    ['a CryptoKey', 'ES256'],
    ['a CryptoKey', 'RS256'],
    ['PEM', 'ES256'],
  ])('private_key_jwt signs an RFC 7523 assertion with %s (%s)', async (form, alg) => {
    const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
    const key =
      form === 'a JWK'
        ? { ...(await exportJWK(privateKey)), kid: 'k1' }
        : form === 'PEM'
          ? await exportPKCS8(privateKey)
          : privateKey;
    const seen = await request({ privateKey: key, ...(form === 'PEM' && { privateKeyAlg: alg }) });
    expect(seen.params.get('client_assertion_type')).toBe(
      'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    );
    const { payload, protectedHeader } = await jwtVerify(
      seen.params.get('client_assertion')!,
      publicKey,
      {
        issuer: 'svc',
        subject: 'svc',
        audience: op.issuer,
      },
    );
    expect(protectedHeader.alg).toBe(alg);
    expect(payload.exp! - payload.iat!).toBe(60);
    expect(typeof payload.jti).toBe('string');
    if (form === 'a JWK') expect(protectedHeader.kid).toBe('k1');
  });

  it('signs a new assertion (new jti) for every request', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const client = createTokenClient({
      issuer: op.issuer,
      clientId: 'svc',
      privateKey,
      now: () => 0,
    });
    op.answer = { kind: 'token', expiresIn: undefined };
    await client.getToken();
    await client.getToken();
    const jtis = op.requests.map(
      (r) => JSON.parse(atob(r.params.get('client_assertion')!.split('.')[1]!)).jti,
    );
    expect(new Set(jtis).size).toBe(2);
  });

  it('refuses a public or symmetric key at creation', async () => {
    const { publicKey } = await generateKeyPair('ES256', { extractable: true });
    for (const privateKey of [
      publicKey,
      await exportJWK(publicKey),
      { kty: 'oct', k: 'c2VjcmV0' },
    ]) {
      expect(() => createTokenClient({ issuer: op.issuer, clientId: 'svc', privateKey })).toThrow(
        /privateKey must be a private/,
      );
    }
  });

  it('reports a key that cannot be imported as ERR_CLIENT_ASSERTION, sending nothing', async () => {
    const privateKey = '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----';
    const error = await failure({ clientSecret: undefined, privateKey, privateKeyAlg: 'ES256' });
    expect(error).toMatchObject({ code: 'ERR_CLIENT_ASSERTION' });
    expect(op.requests).toHaveLength(0);
  });

  it('sends the audience as resource (RFC 8707) by default, or as audience', async () => {
    const resource = await request({
      clientSecret: SECRET,
      audience: 'https://api.example.com',
      scope: ['a', 'b'],
    });
    expect(resource.params.get('resource')).toBe('https://api.example.com');
    expect(resource.params.get('scope')).toBe('a b');
    const audience = await request({
      clientSecret: SECRET,
      audience: 'orders-api',
      audienceParameter: 'audience',
    });
    expect(audience.params.get('audience')).toBe('orders-api');
    expect(audience.params.has('resource')).toBe(false);
  });
});

describe('discovery and refusals', () => {
  it('falls back to RFC 8414 metadata', async () => {
    op.openidConfiguration = false;
    await request({ clientSecret: SECRET });
    expect(op.requests).toHaveLength(1);
  });

  it('refuses metadata that names another issuer', async () => {
    op.metadataIssuer = 'https://evil.example.com';
    expect(await failure({})).toMatchObject({ code: 'ERR_ISSUER_METADATA' });
    expect(op.requests).toHaveLength(0);
  });

  it('reports an OAuth error without retrying it, and no secret in the message', async () => {
    op.answer = {
      kind: 'status',
      status: 401,
      body: { error: 'invalid_client', error_description: SECRET },
    };
    const error = await failure({ retries: 3 });
    expect(error).toBeInstanceOf(TokenClientError);
    expect(error).toMatchObject({
      code: 'ERR_TOKEN_REQUEST_REJECTED',
      oauthError: 'invalid_client',
      responseStatus: 401,
    });
    expect(error.retryable).toBe(false);
    expect(error.message).not.toContain(SECRET);
    expect(op.requests).toHaveLength(1);
  });

  it.each([
    ['a DPoP token', { kind: 'token', tokenType: 'DPoP', expiresIn: 60 }],
    ['a 403', { kind: 'status', status: 403 }],
    ['no access_token', { kind: 'status', status: 200, body: { token_type: 'Bearer' } }],
  ] as const)('refuses %s as ERR_TOKEN_RESPONSE_INVALID', async (_, answer) => {
    op.answer = answer;
    expect(await failure({})).toMatchObject({ code: 'ERR_TOKEN_RESPONSE_INVALID' });
  });
});
