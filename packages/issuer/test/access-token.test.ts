import {
  compactDecrypt,
  createLocalJWKSet,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  jwtVerify,
} from 'jose';
import { describe, expect, it } from 'vitest';
import { IssuerError, REGISTERED_CLAIMS } from '../src/index.js';
import { AUDIENCE, ISSUER, issuerOn } from './helpers.js';

const JKT = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs';

describe('access tokens (RFC 9068)', () => {
  it('carry the at+jwt header and the registered claims', async () => {
    const tokens = issuerOn();
    const issued = await tokens.issue({
      sub: 'alice',
      scope: ['read', 'write', 'read'],
      claims: { role: 'admin' },
    });
    const { payload, protectedHeader } = await jwtVerify(
      issued.accessToken,
      createLocalJWKSet(await tokens.jwks()),
      {
        issuer: ISSUER,
        audience: AUDIENCE,
        typ: 'at+jwt',
      },
    );
    expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    expect(payload).toMatchObject({
      sub: 'alice',
      client_id: 'first-party',
      scope: 'read write',
      role: 'admin',
      jti: issued.jti,
    });
    expect(payload.exp! - payload.iat!).toBe(300);
    expect(issued).toMatchObject({ tokenType: 'Bearer', expiresIn: 300, scope: 'read write' });
    expect(payload).not.toHaveProperty('cnf');
  });

  it('refuse custom claims that name a registered claim, naming the claim', async () => {
    const tokens = issuerOn();
    for (const name of REGISTERED_CLAIMS) {
      const attempt = tokens.issue({ sub: 'alice', claims: { [name]: 'x' } });
      await expect(attempt).rejects.toBeInstanceOf(IssuerError);
      await expect(attempt).rejects.toMatchObject({ code: 'ERR_CLAIM_RESERVED', field: name });
    }
  });

  it('refuse malformed input with a typed error naming the field', async () => {
    const tokens = issuerOn();
    const cases = [
      [{ sub: '' }, 'sub'],
      [{ sub: 'a', scope: 'read "x"' }, 'scope'],
      [{ sub: 'a', dpopJkt: 'short' }, 'dpopJkt'],
      [{ sub: 'a', audience: [] }, 'audience'],
      [{ sub: 'a', clientId: '' }, 'clientId'],
      [{ sub: 'a', claims: [] }, 'claims'],
    ] as const;
    for (const [input, field] of cases) {
      await expect(tokens.issue(input as never)).rejects.toMatchObject({
        code: 'ERR_ISSUE_INPUT_INVALID',
        field,
      });
    }
  });

  it('bind a DPoP key as cnf.jkt, with token type DPoP', async () => {
    const tokens = issuerOn();
    const issued = await tokens.issue({
      sub: 'alice',
      dpopJkt: JKT,
      clientId: 'mobile',
      audience: 'https://other.example',
    });
    const { payload } = await jwtVerify(issued.accessToken, createLocalJWKSet(await tokens.jwks()));
    expect(payload).toMatchObject({
      cnf: { jkt: JKT },
      client_id: 'mobile',
      aud: 'https://other.example',
    });
    expect(issued.tokenType).toBe('DPoP');
  });

  it('are nested JWTs when encryptTo is set, readable only by the resource server', async () => {
    for (const alg of ['ECDH-ES+A256KW', 'RSA-OAEP-256'] as const) {
      const recipient = await generateKeyPair(alg, { extractable: true });
      const encryptTo = { ...(await exportJWK(recipient.publicKey)), kid: 'rs-1' };
      const tokens = issuerOn(undefined, { accessToken: { encryptTo } });
      const { accessToken } = await tokens.issue({ sub: 'alice' });
      expect(decodeProtectedHeader(accessToken)).toMatchObject({
        alg,
        enc: 'A256GCM',
        cty: 'JWT',
        kid: 'rs-1',
      });
      const { plaintext } = await compactDecrypt(accessToken, recipient.privateKey);
      const { payload } = await jwtVerify(
        new TextDecoder().decode(plaintext),
        createLocalJWKSet(await tokens.jwks()),
        {
          typ: 'at+jwt',
        },
      );
      expect(payload.sub).toBe('alice');
    }
  });

  it('sign with each allowed algorithm', async () => {
    for (const algorithm of ['ES256', 'RS256', 'PS256', 'EdDSA'] as const) {
      const tokens = issuerOn(undefined, {
        keys: { algorithm, encryptionSecret: 'k'.repeat(32), schedule: false },
      });
      const { accessToken } = await tokens.issue({ sub: 'alice' });
      const { protectedHeader } = await jwtVerify(
        accessToken,
        createLocalJWKSet(await tokens.jwks()),
        {
          algorithms: [algorithm],
        },
      );
      expect(protectedHeader.alg).toBe(algorithm);
    }
  });
});
