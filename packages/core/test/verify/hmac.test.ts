/** HMAC with an explicit secret: accepted on its own, never beside or instead of public keys. */
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createVerifier } from '../../src/index.js';
import { codeOf } from '../outcome.js';

const issuer = 'https://id.example.com/';
const audience = 'https://api.example.com';
const secret = 'a shared secret of at least thirty-two bytes!';
const sign = (alg: string, key: Uint8Array, claims: object = {}) =>
  new SignJWT({ iss: issuer, aud: audience, exp: Math.floor(Date.now() / 1000) + 60, ...claims })
    .setProtectedHeader({ alg })
    .sign(key);

describe('HMAC with an explicit secret', () => {
  it('accepts HS256 signed with the secret, and nothing else', async () => {
    const verifier = createVerifier({ issuer, audience, secret });
    const key = new TextEncoder().encode(secret);
    await expect(verifier.verify(await sign('HS256', key))).resolves.toMatchObject({
      payload: { iss: issuer },
    });
    expect(
      await codeOf(verifier.verify(await sign('HS256', new TextEncoder().encode(`${secret}x`)))),
    ).toBe('ERR_SIGNATURE_INVALID');
    expect(await codeOf(verifier.verify(await sign('HS512', key)))).toBe(
      'ERR_ALGORITHM_NOT_ALLOWED',
    );
    expect(await codeOf(verifier.verify(await sign('HS256', key, { aud: 'other' })))).toBe(
      'ERR_AUDIENCE_MISMATCH',
    );
  });

  it('never admits HMAC without a secret, whatever the token says', async () => {
    const verifier = createVerifier({ issuer, audience, jwksUri: 'https://id.example.com/jwks' });
    const token = await sign('HS256', new TextEncoder().encode(secret));
    expect(await codeOf(verifier.verify(token))).toBe('ERR_ALGORITHM_NOT_ALLOWED');
  });
});
