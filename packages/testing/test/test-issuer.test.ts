/** The test issuer as its users see it: minting, key sets served, failures, rotation. */
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, type JWK, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestIssuer, generateTestKey, type TestIssuer } from '../src/index.js';

const opened: TestIssuer[] = [];
const start = async (...args: Parameters<typeof createTestIssuer>) => {
  const issuer = await createTestIssuer(...args);
  opened.push(issuer);
  return issuer;
};
afterEach(async () => {
  await Promise.all(opened.splice(0).map((issuer) => issuer.close()));
});

const getJwks = async (issuer: TestIssuer, signal?: AbortSignal) => {
  const res = await fetch(issuer.jwksUri, { signal });
  return { status: res.status, body: await res.text() };
};

/** Verifies `token` against the JWKS the issuer serves right now. */
const verifyServed = async (issuer: TestIssuer, token: string) => {
  const served = JSON.parse((await getJwks(issuer)).body) as { keys: JWK[] };
  return jwtVerify(token, createLocalJWKSet(served), { issuer: issuer.issuer });
};

describe('mint', () => {
  it('gives every token its own random jti, so tokens of one second differ', async () => {
    const issuer = await start({ algorithms: ['ES256'] });
    const tokens = await Promise.all(Array.from({ length: 20 }, () => issuer.mint()));
    const jtis = tokens.map((token) => decodeJwt(token).jti);
    expect(new Set(tokens).size).toBe(20);
    expect(new Set(jtis).size).toBe(20);
    for (const jti of jtis) expect(jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-/);
  });

  it('lets the caller set the jti or leave it out', async () => {
    const issuer = await start({ algorithms: ['ES256'] });
    expect(decodeJwt(await issuer.mint({ claims: { jti: 'fixed' } })).jti).toBe('fixed');
    expect(decodeJwt(await issuer.mint({ omit: ['jti'] }))).not.toHaveProperty('jti');
  });

  it('signs tokens that verify against the served key set, with every algorithm', async () => {
    const issuer = await start({ algorithms: ['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'] });
    for (const alg of ['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'] as const) {
      const { payload, protectedHeader } = await verifyServed(issuer, await issuer.mint({ alg }));
      expect(protectedHeader).toEqual({ alg, kid: `${alg.toLowerCase()}-1`, typ: 'JWT' });
      expect(payload).toMatchObject({ iss: issuer.issuer, aud: issuer.audience, sub: 'user-123' });
    }
  });

  it('rejects, rather than throws, for an algorithm it holds no key of', async () => {
    const issuer = await start({ algorithms: ['ES256'] });
    await expect(issuer.mint({ alg: 'RS256' })).rejects.toThrow(TypeError);
  });

  it('signs with a weak key when asked (jose would refuse), for tests of refusing it', async () => {
    const weak = await generateTestKey('RS256', 'weak', { modulusLength: 1024 });
    const issuer = await start({ algorithms: ['ES256'] });
    const token = await issuer.mint({ key: weak });
    expect(decodeProtectedHeader(token).kid).toBe('weak');
    // 1024 bits: 128 bytes of modulus.
    expect(Buffer.from(weak.publicJwk.n!, 'base64url')).toHaveLength(128);
    const [h, p, s] = token.split('.') as [string, string, string];
    const valid = await crypto.subtle.verify(
      { name: 'RSASSA-PKCS1-v1_5' },
      weak.publicKey,
      Buffer.from(s, 'base64url'),
      new TextEncoder().encode(`${h}.${p}`),
    );
    expect(valid).toBe(true);
    await expect(generateTestKey('ES256', 'x', { modulusLength: 1024 })).rejects.toThrow(TypeError);
  });
});

describe('key set served', () => {
  it('serves any document in place of the keys, and the keys again after undefined', async () => {
    const issuer = await start({ algorithms: ['ES256'] });
    const enc = { keys: issuer.jwks().keys.map((key) => ({ ...key, use: 'enc' })) };
    for (const document of [{ keys: [] }, {}, enc]) {
      issuer.serveJwks(document);
      expect(JSON.parse((await getJwks(issuer)).body)).toEqual(document);
    }
    issuer.serveJwks('not json');
    expect(await getJwks(issuer)).toEqual({ status: 200, body: 'not json' });
    issuer.serveJwks(undefined);
    expect(JSON.parse((await getJwks(issuer)).body)).toEqual(issuer.jwks());
    expect(issuer.requests.jwks).toBe(5);
  });

  it('answers 503 during an outage, and nothing at all while hanging', async () => {
    const issuer = await start({ algorithms: ['ES256'] });
    issuer.setOutage(true);
    expect((await getJwks(issuer)).status).toBe(503);
    issuer.setOutage(false);
    issuer.setHang(true);
    for (const url of [issuer.jwksUri, `${issuer.issuer}/.well-known/openid-configuration`]) {
      await expect(fetch(url, { signal: AbortSignal.timeout(300) })).rejects.toThrow(
        /aborted|timeout/i,
      );
    }
    issuer.setHang(false);
    expect((await getJwks(issuer)).status).toBe(200);
    expect(issuer.requests).toEqual({ discovery: 0, jwks: 1 });
  });

  it('drops the requests it held when the hang ends', async () => {
    const issuer = await start({ algorithms: ['ES256'] });
    issuer.setHang(true);
    const held = fetch(issuer.jwksUri);
    await new Promise((r) => setTimeout(r, 100));
    issuer.setHang(false);
    await expect(held).rejects.toThrow();
  });
});

describe('rotate', () => {
  it('with sameKid: new key material under the same kid, the old key gone', async () => {
    const issuer = await start({ algorithms: ['RS256', 'ES256'] });
    const before = issuer.jwks().keys;
    const oldToken = await issuer.mint({ alg: 'ES256' });
    await issuer.rotate({ sameKid: true });
    const after = issuer.jwks().keys;
    expect(after.map((key) => key.kid)).toEqual(before.map((key) => key.kid));
    expect(after.map((key) => key.x ?? key.n)).not.toContain(before[0]!.n);
    expect(after.map((key) => key.x ?? key.n)).not.toContain(before[1]!.x);
    await expect(verifyServed(issuer, oldToken)).rejects.toMatchObject({
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
    await expect(verifyServed(issuer, await issuer.mint({ alg: 'ES256' }))).resolves.toBeTruthy();
    await expect(issuer.rotate({ sameKid: true, keepPrevious: true })).rejects.toThrow(TypeError);
  });

  it('with sameKid after keepPrevious: replaces the current kid, publishes only new keys', async () => {
    const issuer = await start({ algorithms: ['ES256'] });
    await issuer.rotate({ keepPrevious: true });
    expect(issuer.jwks().keys.map((key) => key.kid)).toEqual(['es256-2', 'es256-1']);
    await issuer.rotate({ sameKid: true });
    expect(issuer.jwks().keys.map((key) => key.kid)).toEqual(['es256-2']);
  });

  it('without options: new kids, the old keys gone', async () => {
    const issuer = await start({ algorithms: ['ES256'] });
    const oldToken = await issuer.mint();
    await issuer.rotate();
    expect(issuer.jwks().keys.map((key) => key.kid)).toEqual(['es256-2']);
    await expect(verifyServed(issuer, oldToken)).rejects.toMatchObject({
      code: 'ERR_JWKS_NO_MATCHING_KEY',
    });
  });
});

describe('discovery', () => {
  it('serves OpenID metadata naming the JWKS, and RFC 8414 metadata when asked', async () => {
    const openid = await start({ algorithms: ['ES256'], path: '/tenant' });
    const oauth = await start({ algorithms: ['ES256'], discovery: 'oauth', path: '/tenant' });
    const metadata = await (
      await fetch(`${openid.issuer}/.well-known/openid-configuration`)
    ).json();
    expect(metadata).toMatchObject({ issuer: openid.issuer, jwks_uri: openid.jwksUri });
    const origin = new URL(oauth.issuer).origin;
    const rfc8414 = await fetch(`${origin}/.well-known/oauth-authorization-server/tenant`);
    expect(await rfc8414.json()).toMatchObject({ issuer: oauth.issuer, jwks_uri: oauth.jwksUri });
    expect((await fetch(`${oauth.issuer}/.well-known/openid-configuration`)).status).toBe(404);
  });
});
