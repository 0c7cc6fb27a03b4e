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
    [{ ...base, realm: 'a"b' }, /"realm"/],
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
});
