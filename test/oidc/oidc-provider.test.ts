/**
 * jwt-guard against a real OpenID Provider (panva's oidc-provider), on every adapter over
 * real HTTP: signed tokens of one trusted issuer, signed-then-encrypted tokens of another,
 * and the refusals around them.
 */
import { ERROR_CODES, type ErrorCode } from '@jwt-guard/core';
import {
  CompactEncrypt,
  type CompactJWEHeaderParameters,
  compactDecrypt,
  exportJWK,
  generateKeyPair,
  type JWK,
} from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../conformance/node-targets.js';
import { API_TARGETS, type ApiOptions, type HandlerCount } from './apps.js';
import { type LocalProvider, RESOURCE, RESOURCE_SCOPES, startProvider } from './provider.js';

const ENC_KID = 'orders-api-enc-1';

/** The challenge of a refusal with `code`, as every adapter sends it. */
const challenge = (code: ErrorCode, scope?: string) => {
  const row = ERROR_CODES[code];
  return [
    'Bearer realm="api"',
    `error="${row.oauthError}"`,
    `error_description="${row.description}"`,
    ...(scope === undefined ? [] : [`scope="${scope}"`]),
  ].join(', ');
};

/** Flips one character of a token's `index`th part to another base64url character. */
const tamper = (token: string, index: number) => {
  const parts = token.split('.');
  const part = parts[index]!;
  parts[index] = `${part[0] === 'A' ? 'B' : 'A'}${part.slice(1)}`;
  return parts.join('.');
};

// A: signs (ES256). B: signs (RS256), then encrypts to the API's key. C: signs, untrusted.
let a: LocalProvider;
let b: LocalProvider;
let c: LocalProvider;
let apiKeys: CryptoKeyPair;
let strangerKeys: CryptoKeyPair;
let apiPrivateJwk: JWK;

beforeAll(async () => {
  [apiKeys, strangerKeys] = await Promise.all([
    generateKeyPair('RSA-OAEP-256', { extractable: true }),
    generateKeyPair('RSA-OAEP-256', { extractable: true }),
  ]);
  apiPrivateJwk = { ...(await exportJWK(apiKeys.privateKey)), kid: ENC_KID, alg: 'RSA-OAEP-256' };
  [a, b, c] = await Promise.all([
    startProvider({ alg: 'ES256' }),
    startProvider({ alg: 'RS256', encryptTo: { key: apiKeys.publicKey, kid: ENC_KID } }),
    startProvider({ alg: 'ES256' }),
  ]);
});

afterAll(async () => {
  await Promise.all([a, b, c].map((provider) => provider?.close()));
});

/**
 * B's encrypted token as B issued it (its JWE header says `cty: "at+jwt"`), or, for
 * another `key`, B's signed token encrypted to that key under B's own header.
 */
async function nestedJwtOfB(scope?: string, key: CryptoKey = apiKeys.publicKey) {
  const issued = await b.token(scope);
  if (key === apiKeys.publicKey) return issued;
  const { plaintext, protectedHeader } = await compactDecrypt(issued, apiKeys.privateKey);
  return new CompactEncrypt(plaintext)
    .setProtectedHeader(protectedHeader as CompactJWEHeaderParameters)
    .encrypt(key);
}

for (const [name, build] of API_TARGETS) {
  describe(`${name}: tokens of a real OpenID Provider`, () => {
    const count: HandlerCount = { handled: 0 };
    let decrypting: Awaited<ReturnType<typeof listen>>;
    let signedOnly: Awaited<ReturnType<typeof listen>>;

    beforeAll(async () => {
      const options: ApiOptions = { issuer: [a.issuer, b.issuer], audience: RESOURCE };
      [decrypting, signedOnly] = await Promise.all([
        listen(build({ ...options, decryption: { keys: [apiPrivateJwk] } }, count)),
        listen(build(options, count)),
      ]);
    });

    afterAll(async () => {
      await Promise.all([decrypting?.stop(), signedOnly?.stop()]);
    });

    const get = (base: string, path: string, token: string) =>
      request(base).get(path).set('authorization', `Bearer ${token}`);

    /** Sends `token` and expects a refusal with `code` that no handler saw. */
    const expectRefused = async (base: string, path: string, token: string, code: ErrorCode) => {
      const before = count.handled;
      const res = await get(base, path, token);
      expect(res.status).toBe(ERROR_CODES[code].status);
      expect(res.headers['www-authenticate']).toBe(challenge(code));
      expect(res.text).toBe(ERROR_CODES[code].description);
      expect(count.handled).toBe(before);
    };

    /** Sends a token of B with every scope and expects the handler to see its claims. */
    const expectClaimsOfB = async (token: string) => {
      const res = await get(decrypting.base, '/orders', token);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        iss: b.issuer,
        sub: 'orders-worker',
        aud: RESOURCE,
        scope: RESOURCE_SCOPES,
      });
    };

    it("accepts A's signed token, its claims visible to the handler", async () => {
      const token = await a.token('read:orders');
      expect(token.split('.')).toHaveLength(3);
      const res = await get(decrypting.base, '/orders', token);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        iss: a.issuer,
        sub: 'orders-worker',
        aud: RESOURCE,
        scope: 'read:orders',
      });
    });

    // oidc-provider's JWE header says `cty: "at+jwt"` (the inner token's type) where
    // RFC 7519 §5.2 writes `JWT`: both name a JWT, and both are accepted.
    it("accepts B's encrypted token as B issued it", async () => {
      const token = await b.token();
      expect(token.split('.')).toHaveLength(5);
      await expectClaimsOfB(token);
    });

    it("accepts B's signed token re-encrypted to the API with cty JWT", async () => {
      const { plaintext, protectedHeader } = await compactDecrypt(
        await b.token(),
        apiKeys.privateKey,
      );
      const token = await new CompactEncrypt(plaintext)
        .setProtectedHeader({ ...(protectedHeader as CompactJWEHeaderParameters), cty: 'JWT' })
        .encrypt(apiKeys.publicKey);
      await expectClaimsOfB(token);
    });

    it('refuses a token of an untrusted provider without contacting it', async () => {
      const token = await c.token('read:orders');
      // From here on, any request C serves would be the API fetching its metadata or keys.
      const served = c.requests;
      await expectRefused(decrypting.base, '/orders', token, 'ERR_ISSUER_MISMATCH');
      expect(c.requests).toBe(served);
    });

    it("refuses B's token with a tampered ciphertext", async () => {
      const token = tamper(await nestedJwtOfB(), 3);
      await expectRefused(decrypting.base, '/orders', token, 'ERR_DECRYPTION_FAILED');
    });

    it("refuses B's signed token encrypted to another key under the API key's kid", async () => {
      const token = await nestedJwtOfB(undefined, strangerKeys.publicKey);
      await expectRefused(decrypting.base, '/orders', token, 'ERR_DECRYPTION_FAILED');
    });

    it("answers 403 insufficient_scope to B's valid token without the route's scope", async () => {
      const token = await nestedJwtOfB('read:orders');
      const before = count.handled;
      const res = await get(decrypting.base, '/admin', token);
      expect(res.status).toBe(403);
      expect(res.headers['www-authenticate']).toBe(
        challenge('ERR_INSUFFICIENT_SCOPE', 'admin:all'),
      );
      expect(count.handled).toBe(before);
    });

    it("without decryption, refuses B's encrypted token and still accepts A's", async () => {
      const signed = await a.token('read:orders');
      expect((await get(signedOnly.base, '/orders', signed)).status).toBe(200);
      await expectRefused(signedOnly.base, '/orders', await b.token(), 'ERR_TOKEN_MALFORMED');
    });
  });
}
