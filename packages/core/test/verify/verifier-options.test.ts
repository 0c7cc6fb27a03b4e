/**
 * `createVerifier`'s options: each refusal names its option and its rule (a `TypeError`
 * at creation), each default as documented, and the URL and secret policies at their
 * edges (loopback forms, credentials, DER lengths in short and long form).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createVerifier,
  DEFAULT_ALGORITHMS,
  type KeySource,
  type VerifierOptions,
} from '../../src/index.js';

const base = { issuer: 'https://id.example.com', audience: 'api' };
const secret = 'k'.repeat(32);
const keySource: KeySource = { getKey: async () => ({ key: new Uint8Array(32) }) };

const refusal = (options: unknown) => {
  try {
    createVerifier(options as VerifierOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return (error as TypeError).message;
  }
  return 'accepted';
};

describe('refusals name the option and the rule', () => {
  it.each<[string, unknown, string]>([
    ['no options', null, 'option "options" must be an object'],
    ['options as a string', 'https://id.example.com', 'option "options" must be an object'],
    [
      'a numeric issuer',
      { ...base, issuer: 1 },
      'option "issuer" is required: a non-empty string, a non-empty array of them, or a resolver',
    ],
    [
      'an empty issuer',
      { ...base, issuer: '' },
      'option "issuer" is required: a non-empty string, a non-empty array of them, or a resolver',
    ],
    [
      'no audience',
      { issuer: base.issuer },
      'option "audience" is required: pass the API identifier, or null to skip the check explicitly',
    ],
    [
      'an empty audience',
      { ...base, audience: '' },
      'option "audience" must be a non-empty string or a non-empty array of them',
    ],
    [
      'an empty member',
      { ...base, audience: ['api', ''] },
      'option "audience" must be a non-empty string',
    ],
    [
      'a numeric member',
      { ...base, audience: ['api', 7] },
      'option "audience" must be a non-empty string',
    ],
    [
      'a secret beside a keySource',
      { ...base, secret, keySource },
      'option "secret" cannot be combined with jwksUri or keySource: HMAC never mixes with public keys',
    ],
    [
      'a numeric secret',
      { ...base, secret: 32 },
      'option "secret" must be a string or a Uint8Array',
    ],
    [
      'a 31-byte secret',
      { ...base, secret: 'k'.repeat(31) },
      'option "secret" must be at least 32 bytes',
    ],
    ['an empty allowlist', { ...base, algorithms: [] }, 'option "algorithms" must not be empty'],
    [
      'a numeric algorithm',
      { ...base, algorithms: [256] },
      'option "algorithms" must never admit "none"',
    ],
    [
      'one algorithm as a string',
      { ...base, algorithms: 'RS256' },
      'option "algorithms" must be an array of algorithm names, e.g. [\'RS256\']',
    ],
    [
      'an algorithm in the wrong case',
      { ...base, algorithms: ['rs256'] },
      'option "algorithms" has an unknown algorithm rs256 (did you mean RS256?)',
    ],
    [
      'an algorithm nobody knows',
      { ...base, algorithms: ['XS256'] },
      'option "algorithms" has an unknown algorithm XS256',
    ],
    [
      'HS256 without a secret',
      { ...base, algorithms: ['RS256', 'HS256'] },
      'option "algorithms" may hold only asymmetric algorithms without a secret (got HS256, an HMAC algorithm)',
    ],
    [
      'RS256 with a secret',
      { ...base, secret, algorithms: ['HS256', 'RS256'] },
      'option "algorithms" may hold only HS256/HS384/HS512 with a secret (got RS256)',
    ],
    ['a fetch that is no function', { ...base, fetch: {} }, 'option "fetch" must be a function'],
    ['a clock that is no function', { ...base, now: 0 }, 'option "now" must be a function'],
    [
      'a keySource without getKey',
      { ...base, keySource: {} },
      'option "keySource" must have a getKey(header) method',
    ],
    [
      'a keySource of null',
      { ...base, keySource: null },
      'option "keySource" must have a getKey(header) method',
    ],
    [
      'an isRevoked that is no function',
      { ...base, isRevoked: true },
      'option "isRevoked" must be a function',
    ],
    ['cache: true', { ...base, cache: true }, 'option "cache" must be false or an object'],
    [
      'cache.maxEntries 0',
      { ...base, cache: { maxEntries: 0 } },
      'option "cache" bounds must be positive; pass cache: false to turn it off',
    ],
    [
      'cache.maxBytes 0',
      { ...base, cache: { maxBytes: 0 } },
      'option "cache" bounds must be positive',
    ],
    [
      'a negative cache.maxAge',
      { ...base, cache: { maxAge: -1 } },
      'option "cache.maxAge" must be a finite, non-negative number',
    ],
    [
      'a string cache.failureTtl',
      { ...base, cache: { failureTtl: '5' } },
      'option "cache.failureTtl" must be a finite',
    ],
    [
      'an infinite clockTolerance',
      { ...base, clockTolerance: Number.POSITIVE_INFINITY },
      'option "clockTolerance" must be a finite',
    ],
    [
      'a negative maxTokenAge',
      { ...base, maxTokenAge: -1 },
      'option "maxTokenAge" must be a finite',
    ],
    [
      'a string maxTokenBytes',
      { ...base, maxTokenBytes: '100' },
      'option "maxTokenBytes" must be a finite',
    ],
    [
      'a negative jwks.cacheMaxAge',
      { ...base, jwks: { cacheMaxAge: -1 } },
      'option "jwks.cacheMaxAge"',
    ],
    [
      'a negative jwks.cooldownDuration',
      { ...base, jwks: { cooldownDuration: -1 } },
      'option "jwks.cooldownDuration"',
    ],
    [
      'a negative jwks.staleIfError',
      { ...base, jwks: { staleIfError: -1 } },
      'option "jwks.staleIfError"',
    ],
    [
      'a negative jwks.maxResponseBytes',
      { ...base, jwks: { maxResponseBytes: -1 } },
      'option "jwks.maxResponseBytes"',
    ],
  ])('%s', (_name, options, message) => {
    expect(refusal(options)).toContain(`jwt-guard: ${message}`);
  });

  it('accepts zero for every duration that may be zero', () => {
    const zero = {
      ...base,
      clockTolerance: 0,
      maxTokenAge: 0,
      cache: { maxAge: 0, failureTtl: 0 },
    };
    expect(refusal(zero)).toBe('accepted');
  });
});

describe('fetchable URLs', () => {
  it.each([
    'http://localhost:4000',
    'http://LOCALHOST',
    'http://127.0.0.1:9',
    'http://127.10.20.30',
    'http://[::1]:8080',
    'https://id.example.com/tenant',
  ])('accepts the issuer %s', (issuer) => {
    expect(refusal({ ...base, issuer })).toBe('accepted');
  });

  it.each([
    ['http://id.example.com', 'must use https (plain http only on a loopback host)'],
    ['http://127.0.0.1.example.com', 'must use https'],
    ['http://localhost.example.com', 'must use https'],
    ['http://0.0.0.0', 'must use https'],
    ['http://evil-localhost', 'must use https'],
    ['ftp://127.0.0.1/', 'must use https'],
    ['id.example.com', 'must be an absolute URL'],
    ['https://user@id.example.com', 'must not contain credentials'],
    ['https://:secret@id.example.com', 'must not contain credentials'],
  ])('refuses the issuer %s', (issuer, rule) => {
    expect(refusal({ ...base, issuer })).toContain(`jwt-guard: option "issuer" ${rule}`);
    expect(refusal({ ...base, jwksUri: issuer })).toContain(`jwt-guard: option "jwksUri" ${rule}`);
  });

  it('fetches nothing from the issuer with a jwksUri, a keySource or a secret: any issuer string then', () => {
    const issuer = 'urn:example:issuer';
    expect(refusal({ ...base, issuer, jwksUri: 'https://id.example.com/jwks' })).toBe('accepted');
    expect(refusal({ ...base, issuer, keySource })).toBe('accepted');
    expect(refusal({ ...base, issuer, secret })).toBe('accepted');
  });
});

describe('secrets that are public keys in DER', () => {
  // One ASN.1 SEQUENCE (0x30) whose length covers exactly the rest: refused.
  const der = (lengthOctets: number[], total: number) => {
    const bytes = new Uint8Array(total).fill(0x5a);
    bytes.set([0x30, ...lengthOctets]);
    return bytes;
  };

  it.each([
    ['short form', der([30], 32)],
    ['short form, longest', der([0x7f], 129)],
    ['long form, one octet', der([0x81, 29], 32)],
    ['long form, two octets', der([0x82, 0x01, 0x00], 260)],
    ['long form, four octets', der([0x84, 0, 0, 0, 26], 32)],
  ])('refuses a %s SEQUENCE', (_name, bytes) => {
    expect(refusal({ ...base, secret: bytes })).toContain(
      'option "secret" looks like a public key',
    );
  });

  it.each([
    ['a length one short', der([31], 32)],
    ['a length one long', der([29], 32)],
    ['a long-form length one short', der([0x81, 30], 32)],
    ['no length octets (0x80)', der([0x80], 32)],
    ['five length octets, covering the rest', der([0x85, 0, 0, 0, 0, 25], 32)],
    ['0x80 then exactly 128 bytes', der([0x80], 130)],
    ['another tag', Uint8Array.from(der([30], 32), (b, i) => (i === 0 ? 0x31 : b))],
  ])('accepts random bytes with %s', (_name, bytes) => {
    expect(refusal({ ...base, secret: bytes })).toBe('accepted');
  });

  it.each([
    ['PEM after whitespace', `\n\t -----BEGIN PUBLIC KEY-----\n${'A'.repeat(40)}`],
    ['an OpenSSH Ed25519 key', `ssh-ed25519 ${'A'.repeat(40)}`],
    [
      'JWK JSON over several lines',
      `{\n  "kid": "a",\n  "kty": "OKP",\n  "x": "${'A'.repeat(20)}"\n}`,
    ],
  ])('refuses %s', (_name, text) => {
    expect(refusal({ ...base, secret: text })).toContain('looks like a public key');
  });

  it('accepts a secret that only mentions a key marker past its start', () => {
    expect(refusal({ ...base, secret: `random ${'x'.repeat(24)} -----BEGIN ssh- "kty"` })).toBe(
      'accepted',
    );
    expect(refusal({ ...base, secret: randomBytes(48) })).toBe('accepted');
  });
});

describe('defaults', () => {
  it('fills in every documented default', () => {
    const { options } = createVerifier(base);
    expect(options).toMatchObject({
      issuer: base.issuer,
      audience: ['api'],
      jwksUri: undefined,
      secret: undefined,
      algorithms: [...DEFAULT_ALGORITHMS],
      clockTolerance: 5,
      maxTokenAge: undefined,
      requireAtJwt: false,
      maxTokenBytes: 16_384,
      jwks: {
        cacheMaxAge: 600_000,
        cooldownDuration: 30_000,
        timeoutDuration: 5_000,
        staleIfError: 600_000,
        maxResponseBytes: 262_144,
      },
      keySource: undefined,
      cache: {},
      nodeCrypto: true,
      isRevoked: undefined,
      now: undefined,
      rules: {
        header: { algorithms: new Set(DEFAULT_ALGORITHMS), requireAtJwt: false },
        claims: {
          issuer: base.issuer,
          audience: ['api'],
          clockTolerance: 5,
          maxTokenAge: undefined,
        },
      },
    });
    expect(options.fetch).toBeTypeOf('function');
  });

  it('HS256 alone with a secret; requireAtJwt only for true; nodeCrypto off only for false', () => {
    const withSecret = createVerifier({
      ...base,
      secret,
      requireAtJwt: 'yes' as never,
      nodeCrypto: 0 as never,
    });
    expect(withSecret.options.algorithms).toEqual(['HS256']);
    expect(withSecret.options.secret).toEqual(new TextEncoder().encode(secret));
    expect(withSecret.options.requireAtJwt).toBe(false);
    expect(withSecret.options.nodeCrypto).toBe(true);
    const strict = createVerifier({ ...base, requireAtJwt: true, nodeCrypto: false, cache: false });
    expect(strict.options).toMatchObject({ requireAtJwt: true, nodeCrypto: false, cache: false });
    expect(strict.options.rules.header.requireAtJwt).toBe(true);
  });

  it('copies what it keeps: the audience list and the cache options', () => {
    const audience = ['a', 'b'];
    const cache = { maxEntries: 5 };
    const { options } = createVerifier({
      ...base,
      audience,
      cache,
      clockTolerance: 0,
      maxTokenAge: 9,
    });
    audience.push('c');
    (cache as { maxEntries: number }).maxEntries = 6;
    expect(options.audience).toEqual(['a', 'b']);
    expect(options.cache).toEqual({ maxEntries: 5 });
    expect(options.rules.claims).toEqual({
      issuer: base.issuer,
      audience: ['a', 'b'],
      clockTolerance: 0,
      maxTokenAge: 9,
    });
  });

  it('uses the global fetch by default, looked up at call time', async () => {
    const calls: string[] = [];
    const original = globalThis.fetch;
    globalThis.fetch = (async (input: string) => {
      calls.push(String(input));
      return new Response('{}');
    }) as typeof fetch;
    try {
      await createVerifier(base).options.fetch('https://id.example.com/x');
    } finally {
      globalThis.fetch = original;
    }
    expect(calls).toEqual(['https://id.example.com/x']);
  });
});

describe('createVerifier option validation', () => {
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
      ].map((secret): [object, RegExp] => [
        { ...base, secret },
        /"secret" looks like a public key/,
      ]),
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
});
