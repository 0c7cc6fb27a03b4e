import { describe, expect, it } from 'vitest';
import type { IssuerResolver } from '../../src/index.js';
import { presets } from '../../src/presets/index.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const OTHER = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';
const PERSONAL = '9188040d-6c67-4c5b-b112-36a304b66dad';
const CLIENT_ID = '6e74172b-be56-4843-9ff4-e66a39bb12e3';
const audience = [CLIENT_ID, 'api://orders'];
const HOST = 'https://login.microsoftonline.com';
const v2 = (tid: string, host = HOST) => `${host}/${tid}/v2.0`;
const v1 = (tid: string) => `https://sts.windows.net/${tid}/`;
const keys = (tid: string, host = HOST) => `${host}/${tid}/discovery/v2.0/keys`;

const resolverOf = (options: ReturnType<typeof presets.entra>) => {
  expect(options.issuer).toBeTypeOf('function');
  return options.issuer as IssuerResolver;
};
/** The tenant a resolver accepts `iss` for, after checking the config it answers with. */
const tenantOf = (resolve: IssuerResolver, iss: string) => {
  const config = resolve(iss, undefined);
  if (config === undefined) return undefined;
  expect(config).not.toBeInstanceOf(Promise);
  const { claims, jwksUri } = config as { claims: { tid: string }; jwksUri: string };
  expect(Object.isFrozen(config)).toBe(true);
  expect(jwksUri).toBe(keys(claims.tid));
  return claims.tid;
};

describe('presets.entra', () => {
  it('a single tenant: its v2.0 issuer and keys, RS256, roles and scp', () => {
    expect(presets.entra({ tenant: TENANT, audience })).toEqual({
      issuer: v2(TENANT),
      audience,
      algorithms: ['RS256'],
      jwksUri: keys(TENANT),
      rolesClaim: ['roles'],
      scopesClaim: ['scp'],
    });
    expect(presets.entra({ tenant: TENANT.toUpperCase(), audience }).issuer).toBe(v2(TENANT));
  });

  it('a single tenant with v1.0 tokens: a resolver for exactly its two issuers', () => {
    const options = presets.entra({ tenant: TENANT, audience, acceptV1: true });
    expect(Object.hasOwn(options, 'jwksUri')).toBe(false);
    const resolve = resolverOf(options);
    expect(tenantOf(resolve, v2(TENANT))).toBe(TENANT);
    expect(tenantOf(resolve, v1(TENANT))).toBe(TENANT);
    expect(tenantOf(resolve, v2(OTHER))).toBeUndefined();
    expect(tenantOf(resolve, v1(OTHER))).toBeUndefined();
  });

  it('sovereign clouds: the issuer, keys and v1.0 host of the cloud', () => {
    const us = 'https://login.microsoftonline.us';
    expect(presets.entra({ tenant: TENANT, audience, authorityHost: `${us}/` })).toMatchObject({
      issuer: v2(TENANT, us),
      jwksUri: keys(TENANT, us),
    });
    const cn = 'https://login.chinacloudapi.cn';
    const china = resolverOf(
      presets.entra({ tenant: 'common', audience, authorityHost: cn, acceptV1: true }),
    );
    expect(china(`https://sts.chinacloudapi.cn/${TENANT}/`, undefined)).toEqual({
      jwksUri: keys(TENANT, cn),
      claims: { tid: TENANT },
    });
    expect(china(v1(TENANT), undefined)).toBeUndefined();
    expect(china(v2(TENANT), undefined)).toBeUndefined();
    const gov = resolverOf(
      presets.entra({
        tenant: TENANT,
        audience,
        authorityHost: us,
        acceptV1: true,
        v1IssuerHost: 'https://sts.windows.net',
      }),
    );
    expect(gov(v1(TENANT), undefined)).toEqual({
      jwksUri: keys(TENANT, us),
      claims: { tid: TENANT },
    });
  });

  describe('the multi-tenant resolver', () => {
    const common = resolverOf(presets.entra({ tenant: 'common', audience, acceptV1: true }));
    const commonV2 = resolverOf(presets.entra({ tenant: 'common', audience }));
    const organizations = resolverOf(presets.entra({ tenant: 'organizations', audience }));
    const allowlist = resolverOf(
      presets.entra({
        tenant: 'organizations',
        audience,
        tenants: [TENANT.toUpperCase()],
        acceptV1: true,
      }),
    );

    it.each([
      ['v2.0, any tenant', common, v2(OTHER), OTHER],
      ['v1.0 with acceptV1', common, v1(TENANT), TENANT],
      ['v1.0 without acceptV1', commonV2, v1(TENANT), undefined],
      ['v2.0 without acceptV1', commonV2, v2(TENANT), TENANT],
      ['personal accounts with common', common, v2(PERSONAL), PERSONAL],
      ['personal accounts with organizations', organizations, v2(PERSONAL), undefined],
      ['a work tenant with organizations', organizations, v2(OTHER), OTHER],
      ['an allowed tenant, v2.0', allowlist, v2(TENANT), TENANT],
      ['an allowed tenant, v1.0', allowlist, v1(TENANT), TENANT],
      ['a tenant outside the allowlist, v2.0', allowlist, v2(OTHER), undefined],
      ['a tenant outside the allowlist, v1.0', allowlist, v1(OTHER), undefined],
    ])('%s', (_, resolve, iss, tid) => {
      expect(tenantOf(resolve, iss)).toBe(tid);
    });

    it.each([
      `https://login.microsoftonline.com.evil.com/${TENANT}/v2.0`,
      `https://evil.com/login.microsoftonline.com/${TENANT}/v2.0`,
      `https://evil.com/?https://login.microsoftonline.com/${TENANT}/v2.0`,
      `https://login.microsoftonlineXcom/${TENANT}/v2.0`,
      `https://login.microsoftonline.com/${TENANT}/v2.0/extra`,
      `https://login.microsoftonline.com/${TENANT}/v2.0/`,
      `https://login.microsoftonline.com/${TENANT}/v2.0?x=1`,
      `https://login.microsoftonline.com/${TENANT}/v2.0#x`,
      `https://login.microsoftonline.com/${TENANT}/v2.0\n`,
      ` https://login.microsoftonline.com/${TENANT}/v2.0`,
      `https://login.microsoftonline.com/${TENANT}%2Fv2.0`,
      `https://login.microsoftonline.com/x/../${TENANT}/v2.0`,
      `https://login.microsoftonline.com//${TENANT}/v2.0`,
      `https://login.microsoftonline.com:443/${TENANT}/v2.0`,
      `https://user@login.microsoftonline.com/${TENANT}/v2.0`,
      `http://login.microsoftonline.com/${TENANT}/v2.0`,
      `https://LOGIN.microsoftonline.com/${TENANT}/v2.0`,
      `https://login.microsoftonline.com/${TENANT.toUpperCase()}/v2.0`,
      `https://login.microsoftonline.com/${TENANT}x/v2.0`,
      `https://login.microsoftonline.com/{${TENANT}}/v2.0`,
      `https://login.microsoftonline.com/${TENANT}/V2.0`,
      `https://login.microsoftonline.com/${TENANT}/v2x0`,
      `https://login.microsoftonline.com/${TENANT}/`,
      'https://login.microsoftonline.com/common/v2.0',
      'https://login.microsoftonline.com/organizations/v2.0',
      'https://login.microsoftonline.com/{tenantid}/v2.0',
      `https://sts.windows.net/${TENANT}`,
      `https://sts.windows.net/${TENANT}/v2.0`,
      `https://sts.windows.net.evil.com/${TENANT}/`,
      `https://sts.windows.net/${TENANT}/extra/`,
      `https://login.microsoftonline.us/${TENANT}/v2.0`,
      '',
    ])('refuses %j', (iss) => {
      expect(common(iss, undefined)).toBeUndefined();
    });

    it('refuses an iss that is not a string', () => {
      expect(common(42 as never, undefined)).toBeUndefined();
    });
  });

  it.each([
    ['a domain as tenant', { tenant: 'contoso.onmicrosoft.com', audience }, 'tenant'],
    ['consumers', { tenant: 'consumers', audience }, 'tenant'],
    ['no tenant', { audience }, 'tenant'],
    ['a malformed GUID', { tenant: `${TENANT}0`, audience }, 'tenant'],
    ['an allowlist with one tenant', { tenant: TENANT, audience, tenants: [OTHER] }, 'tenants'],
    ['an empty allowlist', { tenant: 'common', audience, tenants: [] }, 'tenants'],
    [
      'a domain in the allowlist',
      { tenant: 'common', audience, tenants: ['contoso.com'] },
      'tenants',
    ],
    [
      'the personal tenant with organizations',
      { tenant: 'organizations', audience, tenants: [TENANT, PERSONAL] },
      'tenants',
    ],
    ['no audience', { tenant: TENANT }, 'audience'],
    ['acceptV1 not a boolean', { tenant: TENANT, audience, acceptV1: 'yes' }, 'acceptV1'],
    [
      'v1IssuerHost without acceptV1',
      { tenant: TENANT, audience, v1IssuerHost: 'https://sts.windows.net' },
      'v1IssuerHost',
    ],
    [
      'acceptV1 on an unknown cloud without v1IssuerHost',
      {
        tenant: TENANT,
        audience,
        acceptV1: true,
        authorityHost: 'https://login.microsoftonline.us',
      },
      'v1IssuerHost',
    ],
    [
      'an authorityHost with a tenant path',
      { tenant: TENANT, audience, authorityHost: `${HOST}/${TENANT}` },
      'authorityHost',
    ],
    [
      'an authorityHost over http',
      { tenant: TENANT, audience, authorityHost: 'http://login.microsoftonline.com' },
      'authorityHost',
    ],
    [
      'a host name as authorityHost',
      { tenant: TENANT, audience, authorityHost: 'login.microsoftonline.us' },
      'authorityHost',
    ],
  ])('refuses %s with a TypeError naming the option', (_, input, option) => {
    expect(() => presets.entra(input as never)).toThrow(TypeError);
    expect(() => presets.entra(input as never)).toThrow(`presets.entra() option "${option}"`);
  });

  it('accepts the personal tenant in an allowlist with common', () => {
    const resolve = resolverOf(presets.entra({ tenant: 'common', audience, tenants: [PERSONAL] }));
    expect(tenantOf(resolve, v2(PERSONAL))).toBe(PERSONAL);
  });
});
