import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createVerifier, type VerifierOptions } from '../src/index.js';

const base = { issuer: 'https://id.example.com/', audience: 'api' };

describe('option validation at creation', () => {
  it.each<[object, RegExp]>([
    [{ audience: 'api' }, /"issuer" is required/],
    [{ issuer: 'https://id.example.com/' }, /"audience" is required/],
    [{ ...base, audience: [] }, /"audience" must be/],
    [{ ...base, algorithms: ['none'] }, /"algorithms" must never admit "none"/],
    [{ ...base, algorithms: ['NoNe'] }, /"algorithms" must never admit "none"/],
    [{ ...base, algorithms: ['HS256'] }, /"algorithms" may hold only asymmetric/],
    [{ ...base, algorithms: [] }, /"algorithms" must not be empty/],
    [
      { ...base, secret: 'x'.repeat(32), algorithms: ['RS256'] },
      /"algorithms" may hold only HS256/,
    ],
    [{ ...base, secret: 'short' }, /"secret" must be at least 32 bytes/],
    ...[
      '-----BEGIN PUBLIC KEY-----\nMIIB...',
      '-----BEGIN RSA PUBLIC KEY-----\nMIIB...',
      'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 key@host',
      'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAA key@host',
      '{"kty":"RSA","n":"u1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffA","e":"AQAB"}',
    ].map((secret): [object, RegExp] => [{ ...base, secret }, /"secret" looks like a public key/]),
    [
      { ...base, secret: 'x'.repeat(32), jwksUri: 'https://id.example.com/jwks' },
      /"secret" cannot be combined/,
    ],
    [{ ...base, issuer: 'http://id.example.com/' }, /"issuer" must use https/],
    [{ ...base, jwksUri: 'ftp://x/jwks' }, /"jwksUri" must use https/],
    [{ ...base, clockTolerance: -1 }, /"clockTolerance"/],
    [{ ...base, jwks: { timeoutDuration: Number.NaN } }, /"jwks.timeoutDuration"/],
  ])('refuses %j', (options, message) => {
    expect(() => createVerifier(options as unknown as VerifierOptions)).toThrow(TypeError);
    expect(() => createVerifier(options as unknown as VerifierOptions)).toThrow(message);
  });

  it('accepts audience null as an explicit opt-out, and loopback http', () => {
    expect(createVerifier({ ...base, audience: null }).options.audience).toBeUndefined();
    expect(() => createVerifier({ ...base, issuer: 'http://127.0.0.1:9/' })).not.toThrow();
  });

  it('does not mutate the caller options', () => {
    const options = Object.freeze({ ...base, algorithms: Object.freeze(['RS256']) });
    const verifier = createVerifier(options);
    expect(verifier.options.algorithms).toEqual(['RS256']);
  });

  it('refuses a public key given as secret bytes, in every encoding', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    const ed = generateKeyPairSync('ed25519').publicKey;
    const encodings: Record<string, Uint8Array> = {
      'PEM file (SPKI)': Buffer.from(rsa.export({ type: 'spki', format: 'pem' })),
      'PEM file (PKCS#1)': Buffer.from(rsa.export({ type: 'pkcs1', format: 'pem' })),
      'DER SPKI (RSA)': rsa.export({ type: 'spki', format: 'der' }),
      'DER PKCS#1': rsa.export({ type: 'pkcs1', format: 'der' }),
      'DER SPKI (EC)': ec.export({ type: 'spki', format: 'der' }),
      'DER SPKI (Ed25519)': ed.export({ type: 'spki', format: 'der' }),
      'JWK JSON': Buffer.from(JSON.stringify(rsa.export({ format: 'jwk' }))),
      'JWK JSON as Uint8Array': new TextEncoder().encode(
        JSON.stringify(ec.export({ format: 'jwk' })),
      ),
    };
    for (const [name, secret] of Object.entries(encodings)) {
      expect(() => createVerifier({ ...base, secret }), name).toThrow(
        /option "secret" looks like a public key/,
      );
    }
    expect(() => createVerifier({ ...base, secret: randomBytes(32) })).not.toThrow();
    expect(() => createVerifier({ ...base, secret: new Uint8Array(64).fill(7) })).not.toThrow();
  });
});
