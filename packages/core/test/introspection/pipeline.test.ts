/**
 * An introspected token takes the one pipeline a verified JWT takes: DPoP binding from its
 * answer's `cnf.jkt`, certificate binding, the deny list, guards reading its scope and the
 * issuer's roles claim, and refusals answered with the authenticator's challenge.
 */
import { randomBytes } from 'node:crypto';
import { createDpopProof, generateDpopKey } from '@jwt-guard/testing';
import { base64url } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../src/authenticator.js';
import { createDenyList } from '../../src/index.js';
import { answeringGuard } from '../../src/policy/guard-middlewares.js';
import { createRoleGuard, createScopeGuard } from '../../src/policy/index.js';
import { createMemoryStore } from '../../src/store/index.js';
import type { TokenSources } from '../../src/token/extract-token.js';
import { thrownBy } from '../outcome.js';
import { type IntrospectionServer, startIntrospectionServer } from './introspection-server.js';

const AUDIENCE = 'https://api.example.test';
let op: IntrospectionServer;

beforeAll(async () => {
  op = await startIntrospectionServer();
});
afterAll(() => op.close());

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );
const listed = () => [
  {
    issuer: op.issuer,
    rolesClaim: 'groups',
    introspection: { clientId: op.clientId, clientSecret: op.clientSecret, endpoint: op.endpoint },
  },
];
const ADDRESS = {
  method: 'GET',
  address: { scheme: 'https', host: 'api.example.test', target: '/orders' },
};

describe('introspected tokens in the pipeline', () => {
  it('guards read the scope and the issuer roles claim of the answer', async () => {
    const authenticator = createAuthenticator<string>(
      { audience: AUDIENCE, issuer: listed() },
      (authorization) => ({
        authorization,
      }),
    );
    const token = op.issue({ aud: AUDIENCE, scope: 'read:orders', groups: ['clerk'] });
    const auth = (await authenticator.authenticate(`Bearer ${token}`))!;
    expect(thrownBy(() => answeringGuard(createScopeGuard(['read:orders']))(auth))).toBeUndefined();
    expect(thrownBy(() => answeringGuard(createRoleGuard(['clerk']))(auth))).toBeUndefined();
    expect(thrownBy(() => answeringGuard(createScopeGuard(['write:orders']))(auth))?.status).toBe(
      403,
    );
  });

  it('an inactive token is refused with the Bearer challenge', async () => {
    const authenticator = createAuthenticator<string>(
      { audience: AUDIENCE, issuer: listed() },
      (authorization) => ({
        authorization,
      }),
    );
    expect(await failure(authenticator.authenticate('Bearer gone-token'))).toMatchObject({
      code: 'ERR_TOKEN_INACTIVE',
      status: 401,
      headers: {
        'WWW-Authenticate':
          'Bearer realm="api", error="invalid_token", error_description="The access token is not active"',
      },
    });
  });

  it('DPoP: a bound opaque token needs a proof of its key, and is refused as Bearer', async () => {
    const authenticator = createAuthenticator<TokenSources>(
      { audience: AUDIENCE, issuer: listed(), binding: { dpop: {} } },
      (sources) => sources,
    );
    const [key, stranger] = await Promise.all([generateDpopKey(), generateDpopKey()]);
    const token = op.issue({ aud: AUDIENCE, sub: 'bound', cnf: { jkt: key.jkt } });
    const request = async (signer = key, scheme = 'DPoP') => ({
      authorization: `${scheme} ${token}`,
      dpop: await createDpopProof(signer, {
        method: 'GET',
        url: 'https://api.example.test/orders',
        accessToken: token,
      }),
      ...ADDRESS,
    });
    expect((await authenticator.authenticate(await request()))?.payload.sub).toBe('bound');
    expect(await failure(authenticator.authenticate(await request(stranger)))).toMatchObject({
      code: 'ERR_DPOP_BINDING_MISMATCH',
    });
    expect(await failure(authenticator.authenticate(await request(key, 'Bearer')))).toMatchObject({
      code: 'ERR_DPOP_BOUND_AS_BEARER',
    });
  });

  it('certificate binding: an answer with cnf.x5t#S256 needs that client certificate', async () => {
    const authenticator = createAuthenticator<TokenSources>(
      { audience: AUDIENCE, issuer: listed(), binding: { mtls: {} } },
      (sources) => sources,
    );
    const der = new Uint8Array(randomBytes(64));
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', der));
    const token = op.issue({
      aud: AUDIENCE,
      sub: 'mtls',
      cnf: { 'x5t#S256': base64url.encode(digest) },
    });
    const authorization = `Bearer ${token}`;
    expect(
      (await authenticator.authenticate({ authorization, certificate: { der } }))?.payload.sub,
    ).toBe('mtls');
    expect(
      await failure(
        authenticator.authenticate({
          authorization,
          certificate: { der: new Uint8Array([1, 2, 3]) },
        }),
      ),
    ).toMatchObject({ code: 'ERR_CERTIFICATE_MISMATCH', status: 401 });
  });

  it('the deny list refuses an introspected token by its issuer and jti', async () => {
    const denyList = createDenyList({ store: createMemoryStore() });
    const authenticator = createAuthenticator<string>(
      { audience: AUDIENCE, issuer: listed(), isRevoked: denyList.isRevoked },
      (authorization) => ({ authorization }),
    );
    const token = op.issue({ aud: AUDIENCE, jti: 'opaque-1' });
    const auth = (await authenticator.authenticate(`Bearer ${token}`))!;
    await denyList.revoke('opaque-1', auth.payload.exp as number, auth.payload.iss as string);
    expect(await failure(authenticator.authenticate(`Bearer ${token}`))).toMatchObject({
      code: 'ERR_TOKEN_REVOKED',
    });
  });
});
