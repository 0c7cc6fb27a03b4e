/**
 * tokens.revokeAccessToken and logout's Authorization header: a jti goes on the deny list
 * only for a token that verifies against the issuer's own keys, so a forged token naming
 * someone else's jti revokes nothing.
 */
import { generateEncryptionKey } from '@jwt-guard/testing';
import { decodeJwt, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { fakeClock } from '../helpers.js';
import { ISSUER, json, loginRequest, send, setUp } from './helpers.js';

async function forge(claims: Record<string, unknown>, typ = 'at+jwt'): Promise<string> {
  const { privateKey } = await generateKeyPair('ES256');
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ, kid: 'x' }).sign(privateKey);
}

describe('revoking one access token', () => {
  it('denies a token of ours until its exp, and answers true', async () => {
    const { tokens } = setUp();
    const { accessToken } = await tokens.issue({ sub: 'alice' });
    expect(await tokens.revokeAccessToken(accessToken)).toBe(true);
    expect(await tokens.isRevoked(decodeJwt(accessToken))).toBe(true);
  });

  it('never denies the jti of a token that does not verify against our keys', async () => {
    const { tokens } = setUp();
    const { accessToken } = await tokens.issue({ sub: 'alice' });
    const victim = decodeJwt(accessToken);
    const forged = await forge({ ...victim });
    expect(await tokens.revokeAccessToken(forged)).toBe(false);
    const [head, body] = accessToken.split('.');
    expect(await tokens.revokeAccessToken(`${head}.${body}.AAAA`)).toBe(false);
    for (const garbage of ['', 'garbage', 'a.b.c', `${head}.${body}.`]) {
      expect(await tokens.revokeAccessToken(garbage)).toBe(false);
    }
    expect(await tokens.isRevoked(victim)).toBe(false);
  });

  it('refuses a token of ours at another issuer, or once expired', async () => {
    const clock = fakeClock(Date.now());
    const { tokens } = setUp({}, { now: clock.now });
    const { accessToken } = await tokens.issue({ sub: 'alice' });
    const { tokens: otherIssuer } = setUp({}, { issuer: 'https://other.example.com' });
    expect(await otherIssuer.revokeAccessToken(accessToken)).toBe(false);
    clock.advance(10 * 60_000);
    expect(await tokens.revokeAccessToken(accessToken)).toBe(false);
  });

  it('refuses a JWT signed by our own key that is not an access token (typ)', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const { tokens } = setUp({}, { keys: [{ kid: 'k1', privateKey }] });
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: ISSUER, sub: 'alice', jti: 'j-1', iat: now, exp: now + 300 };
    const sign = (typ: string) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k1', typ }).sign(privateKey);
    expect(await tokens.revokeAccessToken(await sign('JWT'))).toBe(false);
    expect(await tokens.isRevoked(claims)).toBe(false);
    // The same claims as an at+jwt verify: the refusal above was the type's.
    expect(await tokens.revokeAccessToken(await sign('at+jwt'))).toBe(true);
  });

  it('verifies tokens of every signing algorithm the issuer offers', async () => {
    for (const alg of ['RS256', 'PS256', 'EdDSA'] as const) {
      const { tokens } = setUp(
        {},
        {
          keys: {
            encryptionSecret: 'a-test-encryption-secret-of-more-than-32-bytes',
            algorithm: alg,
            schedule: false,
          },
        },
      );
      const { accessToken } = await tokens.issue({ sub: 'alice' });
      expect(await tokens.revokeAccessToken(accessToken)).toBe(true);
    }
  });

  it('refuses a token of our key without a string jti', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const { tokens } = setUp({}, { keys: [{ kid: 'k1', privateKey }] });
    const now = Math.floor(Date.now() / 1000);
    for (const jti of [undefined, 42]) {
      const claims: Record<string, unknown> = {
        iss: ISSUER,
        sub: 'a',
        iat: now,
        exp: now + 300,
        jti,
      };
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'at+jwt' })
        .sign(privateKey);
      expect(await tokens.revokeAccessToken(token)).toBe(false);
    }
  });

  it('cannot read a nested JWE (encrypted to a resource server): false', async () => {
    const encryption = await generateEncryptionKey('ECDH-ES+A256KW');
    const { tokens } = setUp({}, { accessToken: { encryptTo: encryption.publicJwk } });
    const { accessToken } = await tokens.issue({ sub: 'alice' });
    expect(accessToken.split('.')).toHaveLength(5);
    expect(await tokens.revokeAccessToken(accessToken)).toBe(false);
  });

  it('logout with a forged Bearer token answers 204 and revokes nothing', async () => {
    const { endpoints, tokens } = setUp();
    const login = json(await send(endpoints, loginRequest()));
    const victim = decodeJwt(login.access_token as string);
    for (const authorization of [
      `Bearer ${await forge({ ...victim })}`,
      `DPoP ${await forge({ ...victim })}`,
      'Basic abc',
    ]) {
      const response = await send(endpoints, { path: '/auth/logout', headers: { authorization } });
      expect(response.status).toBe(204);
    }
    expect(await tokens.isRevoked(victim)).toBe(false);
    const dpopScheme = await send(endpoints, {
      path: '/auth/logout',
      headers: { authorization: `DPoP ${login.access_token}` },
    });
    expect(dpopScheme.status).toBe(204);
    expect(await tokens.isRevoked(victim)).toBe(true);
  });
});
