/**
 * Each preset's options verifying tokens shaped as its provider documents them, minted by
 * a local issuer. The provider's keys URL (as the preset names it) is served from the
 * local issuer through the `fetch` seam, so the URL the preset chose is checked too.
 */
import { createTestIssuer, type MintOptions, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../src/authenticator.js';
import { answeringGuard } from '../../src/policy/guard-middlewares.js';
import { createRoleGuard, createScopeGuard, type Guard } from '../../src/policy/index.js';
import { type PresetOptions, presets } from '../../src/presets/index.js';
import { codeOf, thrownBy } from '../outcome.js';

/** A fetch that answers the provider's keys URLs from `issuer`, noting every URL asked for. */
function keysFrom(issuer: TestIssuer, isKeysUrl: (url: string) => boolean) {
  const asked: string[] = [];
  const fetchKeys: typeof fetch = (input, init) => {
    const url = String(input);
    asked.push(url);
    return fetch(isKeysUrl(url) ? issuer.jwksUri : url, init);
  };
  return { fetch: fetchKeys, asked };
}

function authenticatorFor(options: PresetOptions, fetchKeys?: typeof fetch) {
  return createAuthenticator<string>(
    { ...options, ...(fetchKeys ? { fetch: fetchKeys } : {}) },
    (authorization) => ({ authorization }),
  );
}

type TestAuthenticator = ReturnType<typeof authenticatorFor>;

async function verified(authenticator: TestAuthenticator, issuer: TestIssuer, mint: MintOptions) {
  const auth = await authenticator.authenticate(`Bearer ${await issuer.mint(mint)}`);
  expect(auth).toBeDefined();
  return auth;
}

async function refusal(authenticator: TestAuthenticator, issuer: TestIssuer, mint: MintOptions) {
  return codeOf(authenticator.authenticate(`Bearer ${await issuer.mint(mint)}`));
}

/** The code a guard answers with, or `undefined` when it lets the request pass. */
const guardCode = (guard: Guard, auth: Awaited<ReturnType<typeof verified>>) =>
  thrownBy(() => answeringGuard(guard)(auth))?.code;

const originOf = (issuer: TestIssuer) => new URL(issuer.issuer).origin;
const now = () => Math.floor(Date.now() / 1000);

describe('presets.auth0 end to end', () => {
  let issuer: TestIssuer;
  let auth0: TestAuthenticator;
  let asked: string[];
  const audience = 'https://api.example.com';
  beforeAll(async () => {
    issuer = await createTestIssuer({ algorithms: ['RS256'] });
    const keys = keysFrom(issuer, (url) => url === `${issuer.issuer}/.well-known/jwks.json`);
    asked = keys.asked;
    auth0 = authenticatorFor(
      presets.auth0({
        issuerBaseURL: issuer.issuer,
        audience,
        rolesClaim: 'https://example.com/roles',
      }),
      keys.fetch,
    );
  });
  afterAll(() => issuer.close());

  it('a user token: scope, RBAC permissions and a namespaced roles claim', async () => {
    const auth = await verified(auth0, issuer, {
      claims: {
        iss: `${issuer.issuer}/`,
        sub: 'auth0|64f1c0ffee',
        aud: [audience, `${issuer.issuer}/userinfo`],
        azp: 'Xb5yNHfgv3tvQKRBeJdZ9Ah0Wg1AkeQN',
        scope: 'openid profile read:orders',
        permissions: ['read:orders', 'refund:orders'],
        'https://example.com/roles': ['support'],
      },
    });
    expect(asked).toEqual([`${issuer.issuer}/.well-known/jwks.json`]);
    expect(guardCode(createScopeGuard(['openid', 'read:orders']), auth)).toBeUndefined();
    expect(guardCode(createScopeGuard(['refund:orders']), auth)).toBeUndefined();
    expect(guardCode(createScopeGuard(['delete:orders']), auth)).toBe('ERR_INSUFFICIENT_SCOPE');
    expect(guardCode(createRoleGuard(['support']), auth)).toBeUndefined();
    expect(guardCode(createRoleGuard(['admin']), auth)).toBe('ERR_INSUFFICIENT_ROLE');
  });

  it('a machine-to-machine token (client credentials)', async () => {
    const auth = await verified(auth0, issuer, {
      claims: {
        iss: `${issuer.issuer}/`,
        sub: 'Xb5yNHfgv3tvQKRBeJdZ9Ah0Wg1AkeQN@clients',
        aud: audience,
        azp: 'Xb5yNHfgv3tvQKRBeJdZ9Ah0Wg1AkeQN',
        gty: 'client-credentials',
        scope: 'read:orders',
        permissions: ['read:orders'],
      },
    });
    expect(guardCode(createScopeGuard(['read:orders']), auth)).toBeUndefined();
  });

  it('refuses the issuer without its trailing slash, and another API’s token', async () => {
    const claims = { iss: `${issuer.issuer}/`, aud: audience };
    expect(await refusal(auth0, issuer, { claims: { ...claims, iss: issuer.issuer } })).toBe(
      'ERR_ISSUER_MISMATCH',
    );
    expect(
      await refusal(auth0, issuer, { claims: { ...claims, aud: 'https://other.example.com' } }),
    ).toBe('ERR_AUDIENCE_MISMATCH');
  });
});

describe('presets.entra end to end', () => {
  const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
  const PARTNER = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';
  const STRANGER = '0b7c4c1e-5a7d-4c8e-9f3e-2d1c0b9a8f7e';
  const PERSONAL = '9188040d-6c67-4c5b-b112-36a304b66dad';
  const CLIENT_ID = '6e74172b-be56-4843-9ff4-e66a39bb12e3';
  const APP_ID_URI = 'api://orders';
  let issuer: TestIssuer;
  let origin: string;
  const v2Token = (tid: string, claims: Record<string, unknown> = {}): MintOptions => ({
    claims: {
      iss: `${origin}/${tid}/v2.0`,
      aud: CLIENT_ID,
      tid,
      oid: '00000000-0000-0000-66f3-3332eca7ea81',
      sub: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ',
      azp: '1e33d3ae-2f0e-4d3b-9a6f-6d2c3c8f2b11',
      azpacr: '0',
      name: 'Abe Lincoln',
      preferred_username: 'abeli@contoso.com',
      scp: 'Orders.Read Orders.Write',
      ver: '2.0',
      uti: crypto.randomUUID(),
      nbf: now(),
      ...claims,
    },
    omit: ['jti'],
    header: { x5t: issuer.keys[0]?.kid },
  });
  const v1AppToken = (tid: string): MintOptions => ({
    claims: {
      iss: `${origin}/${tid}/`,
      aud: APP_ID_URI,
      tid,
      appid: '1e33d3ae-2f0e-4d3b-9a6f-6d2c3c8f2b11',
      appidacr: '1',
      idtyp: 'app',
      oid: '7f2d0c1e-9b8a-4f6e-8d5c-4b3a2f1e0d9c',
      sub: '7f2d0c1e-9b8a-4f6e-8d5c-4b3a2f1e0d9c',
      roles: ['Orders.ReadWrite.All'],
      ver: '1.0',
      uti: crypto.randomUUID(),
    },
    omit: ['jti'],
  });
  beforeAll(async () => {
    issuer = await createTestIssuer({ algorithms: ['RS256'] });
    origin = originOf(issuer);
  });
  afterAll(() => issuer.close());

  it('a single tenant: delegated scopes in scp', async () => {
    const keys = keysFrom(issuer, (url) => url.endsWith('/discovery/v2.0/keys'));
    const entra = authenticatorFor(
      presets.entra({ tenant: TENANT, audience: [CLIENT_ID, APP_ID_URI], authorityHost: origin }),
      keys.fetch,
    );
    const auth = await verified(entra, issuer, v2Token(TENANT));
    expect(keys.asked).toEqual([`${origin}/${TENANT}/discovery/v2.0/keys`]);
    expect(guardCode(createScopeGuard(['Orders.Read', 'Orders.Write']), auth)).toBeUndefined();
    expect(guardCode(createRoleGuard(['Orders.ReadWrite.All']), auth)).toBe(
      'ERR_INSUFFICIENT_ROLE',
    );
    expect(await refusal(entra, issuer, v2Token(PARTNER))).toBe('ERR_ISSUER_MISMATCH');
  });

  describe('several tenants, v1.0 and v2.0', () => {
    let entra: TestAuthenticator;
    let asked: string[];
    beforeAll(() => {
      const keys = keysFrom(issuer, (url) => url.endsWith('/discovery/v2.0/keys'));
      asked = keys.asked;
      entra = authenticatorFor(
        presets.entra({
          tenant: 'organizations',
          tenants: [TENANT, PARTNER],
          audience: [CLIENT_ID, APP_ID_URI],
          acceptV1: true,
          authorityHost: origin,
          v1IssuerHost: origin,
        }),
        keys.fetch,
      );
    });

    it('verifies each allowed tenant’s tokens with that tenant’s keys', async () => {
      const user = await verified(entra, issuer, v2Token(TENANT));
      expect(guardCode(createScopeGuard(['Orders.Read']), user)).toBeUndefined();
      const app = await verified(entra, issuer, v1AppToken(PARTNER));
      expect(guardCode(createRoleGuard(['Orders.ReadWrite.All']), app)).toBeUndefined();
      expect(guardCode(createScopeGuard(['Orders.Read']), app)).toBe('ERR_INSUFFICIENT_SCOPE');
      expect(asked).toEqual([
        `${origin}/${TENANT}/discovery/v2.0/keys`,
        `${origin}/${PARTNER}/discovery/v2.0/keys`,
      ]);
    });

    it('refuses a tenant outside the allowlist without a network call', async () => {
      const before = { ...issuer.requests, asked: asked.length };
      expect(await refusal(entra, issuer, v2Token(STRANGER))).toBe('ERR_ISSUER_MISMATCH');
      expect(await refusal(entra, issuer, v1AppToken(STRANGER))).toBe('ERR_ISSUER_MISMATCH');
      expect({ ...issuer.requests, asked: asked.length }).toEqual(before);
    });

    it('refuses a tid that is not the tenant of the iss', async () => {
      expect(await refusal(entra, issuer, v2Token(TENANT, { tid: PARTNER }))).toBe(
        'ERR_CLAIM_INVALID',
      );
      expect(await refusal(entra, issuer, v2Token(TENANT, { tid: undefined }))).toBe(
        'ERR_CLAIM_INVALID',
      );
    });

    it('refuses another application’s token', async () => {
      expect(
        await refusal(
          entra,
          issuer,
          v2Token(TENANT, { aud: '00000003-0000-0000-c000-000000000000' }),
        ),
      ).toBe('ERR_AUDIENCE_MISMATCH');
    });
  });

  it('organizations refuses personal accounts without a network call', async () => {
    const keys = keysFrom(issuer, (url) => url.endsWith('/discovery/v2.0/keys'));
    const entra = authenticatorFor(
      presets.entra({ tenant: 'organizations', audience: CLIENT_ID, authorityHost: origin }),
      keys.fetch,
    );
    expect(await refusal(entra, issuer, v2Token(PERSONAL))).toBe('ERR_ISSUER_MISMATCH');
    expect(keys.asked).toEqual([]);
    await verified(entra, issuer, v2Token(STRANGER));
  });
});

describe('presets.cognito end to end', () => {
  const POOL = 'eu-west-1_AbCdEfGhI';
  const CLIENT = '1example23456789';
  let issuer: TestIssuer;
  let cognito: TestAuthenticator;
  const accessToken = (claims: Record<string, unknown> = {}): MintOptions => ({
    claims: {
      sub: 'aaaaaaaa-bbbb-cccc-dddd-example',
      'cognito:groups': ['admins'],
      version: 2,
      client_id: CLIENT,
      origin_jti: crypto.randomUUID(),
      event_id: crypto.randomUUID(),
      token_use: 'access',
      scope: 'orders/read orders/write',
      auth_time: now(),
      username: 'jane',
      ...claims,
    },
    omit: ['aud'],
    header: { typ: undefined },
  });
  const idToken = (claims: Record<string, unknown> = {}): MintOptions => ({
    claims: {
      sub: 'aaaaaaaa-bbbb-cccc-dddd-example',
      aud: CLIENT,
      'cognito:groups': ['admins'],
      email_verified: true,
      'cognito:username': 'jane',
      origin_jti: crypto.randomUUID(),
      event_id: crypto.randomUUID(),
      token_use: 'id',
      auth_time: now(),
      email: 'jane@example.com',
      ...claims,
    },
    header: { typ: undefined },
  });
  beforeAll(async () => {
    issuer = await createTestIssuer({ algorithms: ['RS256'], path: `/${POOL}` });
    const options = presets.cognito({
      userPoolId: POOL,
      clientId: CLIENT,
      endpoint: originOf(issuer),
    });
    expect(options.issuer).toBe(issuer.issuer);
    const keys = keysFrom(issuer, (url) => url === `${issuer.issuer}/.well-known/jwks.json`);
    cognito = authenticatorFor(options, keys.fetch);
  });
  afterAll(() => issuer.close());

  it('an access token without aud: groups and scopes found', async () => {
    const auth = await verified(cognito, issuer, accessToken());
    expect(guardCode(createScopeGuard(['orders/read']), auth)).toBeUndefined();
    expect(guardCode(createRoleGuard(['admins']), auth)).toBeUndefined();
    expect(guardCode(createRoleGuard(['auditors']), auth)).toBe('ERR_INSUFFICIENT_ROLE');
  });

  it('refuses an ID token where access tokens are expected, and another client’s token', async () => {
    expect(await refusal(cognito, issuer, idToken())).toBe('ERR_CLAIM_INVALID');
    expect(await refusal(cognito, issuer, accessToken({ client_id: 'someone-else' }))).toBe(
      'ERR_CLAIM_INVALID',
    );
    expect(await refusal(cognito, issuer, accessToken({ client_id: undefined }))).toBe(
      'ERR_CLAIM_INVALID',
    );
  });

  it('ID tokens mode: aud is the client; access tokens are refused', async () => {
    const keys = keysFrom(issuer, (url) => url === `${issuer.issuer}/.well-known/jwks.json`);
    const ids = authenticatorFor(
      presets.cognito({
        userPoolId: POOL,
        clientId: CLIENT,
        tokenUse: 'id',
        endpoint: originOf(issuer),
      }),
      keys.fetch,
    );
    const auth = await verified(ids, issuer, idToken());
    expect(guardCode(createRoleGuard(['admins']), auth)).toBeUndefined();
    expect(await refusal(ids, issuer, accessToken())).toBe('ERR_AUDIENCE_MISMATCH');
    expect(await refusal(ids, issuer, idToken({ aud: 'someone-else' }))).toBe(
      'ERR_AUDIENCE_MISMATCH',
    );
  });

  it('several pools: each issuer’s discovery names its keys', async () => {
    const before = issuer.requests.discovery;
    const pools = authenticatorFor(
      presets.cognito({
        userPoolId: [POOL, 'eu-west-1_ZyXwVuTsR'],
        clientId: CLIENT,
        endpoint: originOf(issuer),
      }),
    );
    await verified(pools, issuer, accessToken());
    expect(issuer.requests.discovery).toBe(before + 1);
  });
});

describe('presets.keycloak end to end', () => {
  let issuer: TestIssuer;
  let keycloak: TestAuthenticator;
  const accessToken = (claims: Record<string, unknown> = {}): MintOptions => ({
    claims: {
      aud: ['orders-api', 'account'],
      sub: 'f3a0c1de-4b7f-4f3a-9a1e-0c2b3d4e5f60',
      typ: 'Bearer',
      azp: 'shop-web',
      sid: crypto.randomUUID(),
      acr: '1',
      'allowed-origins': ['https://shop.example.com'],
      realm_access: { roles: ['offline_access', 'uma_authorization', 'clerk'] },
      resource_access: {
        'orders-api': { roles: ['refund'] },
        account: { roles: ['manage-account', 'view-profile'] },
      },
      scope: 'openid email profile orders',
      email_verified: true,
      preferred_username: 'jane',
      ...claims,
    },
  });
  beforeAll(async () => {
    issuer = await createTestIssuer({ algorithms: ['RS256'], path: '/realms/shop' });
    const options = presets.keycloak({
      url: originOf(issuer),
      realm: 'shop',
      audience: 'orders-api',
      clientId: 'shop-web',
      resource: 'orders-api',
    });
    expect(options.issuer).toBe(issuer.issuer);
    const keys = keysFrom(
      issuer,
      (url) => url === `${issuer.issuer}/protocol/openid-connect/certs`,
    );
    keycloak = authenticatorFor(options, keys.fetch);
  });
  afterAll(() => issuer.close());

  it('realm and client roles in one namespace, scopes from scope', async () => {
    const auth = await verified(keycloak, issuer, accessToken());
    expect(guardCode(createRoleGuard(['clerk']), auth)).toBeUndefined();
    expect(guardCode(createRoleGuard(['refund']), auth)).toBeUndefined();
    // Another client's roles do not count.
    expect(guardCode(createRoleGuard(['manage-account']), auth)).toBe('ERR_INSUFFICIENT_ROLE');
    expect(guardCode(createScopeGuard(['orders']), auth)).toBeUndefined();
  });

  it('refuses an ID token, another client’s token, and a token without the audience', async () => {
    expect(await refusal(keycloak, issuer, accessToken({ typ: 'ID', aud: 'orders-api' }))).toBe(
      'ERR_CLAIM_INVALID',
    );
    expect(await refusal(keycloak, issuer, accessToken({ azp: 'other-app' }))).toBe(
      'ERR_CLAIM_INVALID',
    );
    expect(await refusal(keycloak, issuer, accessToken({ aud: 'account' }))).toBe(
      'ERR_AUDIENCE_MISMATCH',
    );
  });
});

describe('presets.okta end to end', () => {
  let issuer: TestIssuer;
  let okta: TestAuthenticator;
  const accessToken = (claims: Record<string, unknown> = {}): MintOptions => ({
    claims: {
      ver: 1,
      jti: `AT.${crypto.randomUUID()}`,
      aud: 'api://default',
      cid: '0oa1webclient',
      uid: '00u1user2345',
      scp: ['openid', 'orders.read'],
      auth_time: now(),
      sub: 'jane@example.com',
      groups: ['Everyone', 'Admins'],
      ...claims,
    },
  });
  beforeAll(async () => {
    issuer = await createTestIssuer({ algorithms: ['RS256'], path: '/oauth2/default' });
    const keys = keysFrom(issuer, (url) => url === `${issuer.issuer}/v1/keys`);
    okta = authenticatorFor(
      presets.okta({ issuer: issuer.issuer, clientId: '0oa1webclient' }),
      keys.fetch,
    );
  });
  afterAll(() => issuer.close());

  it('scopes from the scp array, roles from groups', async () => {
    const auth = await verified(okta, issuer, accessToken());
    expect(guardCode(createScopeGuard(['orders.read']), auth)).toBeUndefined();
    expect(guardCode(createScopeGuard(['orders.write']), auth)).toBe('ERR_INSUFFICIENT_SCOPE');
    expect(guardCode(createRoleGuard(['Admins']), auth)).toBeUndefined();
  });

  it('refuses another client’s token and another server’s audience', async () => {
    expect(await refusal(okta, issuer, accessToken({ cid: '0oa1other' }))).toBe(
      'ERR_CLAIM_INVALID',
    );
    expect(await refusal(okta, issuer, accessToken({ aud: 'api://orders' }))).toBe(
      'ERR_AUDIENCE_MISMATCH',
    );
  });
});

describe('presets.google end to end', () => {
  const CLIENT = '1234-abc.apps.googleusercontent.com';
  let issuer: TestIssuer;
  let google: TestAuthenticator;
  let asked: string[];
  const idToken = (claims: Record<string, unknown> = {}): MintOptions => ({
    claims: {
      iss: 'https://accounts.google.com',
      azp: CLIENT,
      aud: CLIENT,
      sub: '110169484474386276334',
      hd: 'example.com',
      email: 'jane@example.com',
      email_verified: true,
      at_hash: 'HK6E_P6Dh8Y93mRNtsDB1Q',
      name: 'Jane Doe',
      ...claims,
    },
  });
  beforeAll(async () => {
    issuer = await createTestIssuer({ algorithms: ['RS256'] });
    const keys = keysFrom(issuer, (url) => url === 'https://www.googleapis.com/oauth2/v3/certs');
    asked = keys.asked;
    google = authenticatorFor(
      presets.google({ audience: CLIENT, hostedDomain: 'example.com' }),
      keys.fetch,
    );
  });
  afterAll(() => issuer.close());

  it('accepts both issuer spellings, with Google’s keys', async () => {
    await verified(google, issuer, idToken());
    await verified(google, issuer, idToken({ iss: 'accounts.google.com' }));
    expect(new Set(asked)).toEqual(new Set(['https://www.googleapis.com/oauth2/v3/certs']));
  });

  it('refuses another Workspace domain, a consumer account, and another audience', async () => {
    expect(await refusal(google, issuer, idToken({ hd: 'example.org' }))).toBe('ERR_CLAIM_INVALID');
    expect(await refusal(google, issuer, idToken({ hd: undefined }))).toBe('ERR_CLAIM_INVALID');
    expect(
      await refusal(google, issuer, idToken({ aud: 'other.apps.googleusercontent.com' })),
    ).toBe('ERR_AUDIENCE_MISMATCH');
    expect(
      await refusal(google, issuer, idToken({ iss: 'https://accounts.google.com.evil.com' })),
    ).toBe('ERR_ISSUER_MISMATCH');
  });

  it('a local issuer in Google’s place, found by discovery', async () => {
    const local = authenticatorFor(presets.google({ audience: CLIENT, issuer: issuer.issuer }));
    await verified(local, issuer, idToken({ iss: issuer.issuer }));
  });
});
