/**
 * Each trusted issuer has its own keys (issue 19 §1.2): a top-level `keySource` or `secret`
 * serves one issuer only, and a listed issuer (`{ issuer, ...IssuerConfig }`) or a
 * resolver's answer carries its own `jwksUri`, `keySource` or `secret`, held to the same
 * rules as the top-level ones. Against real local issuers, counting their fetches.
 */
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createError } from '../../src/errors/jwt-guard-error.js';
import {
  createVerifier,
  type IssuerConfig,
  type KeySource,
  type VerifierOptions,
} from '../../src/index.js';
import { hmacToken } from '../forge.js';
import { codeOf } from '../outcome.js';

let a: TestIssuer;
let b: TestIssuer;
const AUDIENCE = 'https://api.example.test';
const HR = 'https://hr.example.test/';
const PAYROLL = 'https://payroll.example.test/';
const HR_SECRET = 'hr-secret-0123456789abcdef0123456789abcdef';
const PAYROLL_SECRET = 'payroll-secret-0123456789abcdef0123456789ab';

beforeAll(async () => {
  [a, b] = await Promise.all([
    createTestIssuer({ algorithms: ['ES256'], path: '/keys-a' }),
    createTestIssuer({ algorithms: ['RS256'], path: '/keys-b' }),
  ]);
});
afterAll(() => Promise.all([a, b].map((issuer) => issuer.close())));

const fetchesOf = (issuer: TestIssuer) => issuer.requests.discovery + issuer.requests.jwks;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const hs256 = (iss: string, secret: string, claims: object = {}) =>
  hmacToken(
    { alg: 'HS256', typ: 'JWT' },
    { iss, aud: AUDIENCE, sub: 'u1', iat: nowSeconds(), exp: nowSeconds() + 300, ...claims },
    secret,
  );

/** A key source of one issuer's published keys, counting its use. */
function sourceOf(issuer: TestIssuer) {
  const used = { count: 0 };
  const source: KeySource = {
    async getKey(header) {
      used.count += 1;
      const key = issuer.keys.find((one) => one.publicJwk.kid === header.kid);
      if (!key) throw createError('ERR_KEY_NOT_FOUND');
      return { key: key.publicKey, id: key.publicJwk.kid as string };
    },
  };
  return { source, used };
}

const typeErrorOf = (options: VerifierOptions): TypeError | undefined => {
  try {
    createVerifier(options);
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return error as TypeError;
  }
  return undefined;
};

describe('one key source never serves several issuers', () => {
  const keySource: KeySource = { getKey: async () => ({ key: new Uint8Array(32) }) };
  it.each([
    ['keySource with an array of two', { issuer: [HR, PAYROLL], keySource }, 'keySource'],
    ['secret with an array of two', { issuer: [HR, PAYROLL], secret: HR_SECRET }, 'secret'],
    ['keySource with a resolver', { issuer: () => ({}), keySource }, 'keySource'],
    ['secret with a resolver', { issuer: () => ({}), secret: HR_SECRET }, 'secret'],
  ] as const)('refuses %s at creation, naming the option and IssuerConfig', (_n, given, option) => {
    const error = typeErrorOf({ audience: AUDIENCE, ...given } as VerifierOptions);
    expect(error?.message).toContain(`option "${option}"`);
    expect(error?.message).toContain('IssuerConfig');
  });

  it('still takes them for one issuer, as a string or as a single entry', () => {
    expect(typeErrorOf({ issuer: HR, audience: AUDIENCE, keySource })).toBeUndefined();
    expect(typeErrorOf({ issuer: [HR], audience: AUDIENCE, secret: HR_SECRET })).toBeUndefined();
    expect(
      typeErrorOf({ issuer: [{ issuer: HR }], audience: AUDIENCE, keySource }),
    ).toBeUndefined();
  });

  it.each([
    ['jwksUri beside keySource', { jwksUri: 'https://hr.example.test/keys', keySource }],
    ['secret beside jwksUri', { secret: HR_SECRET, jwksUri: 'https://hr.example.test/keys' }],
    ['secret beside keySource', { secret: HR_SECRET, keySource }],
    ['a short secret', { secret: 'short' }],
    [
      'a public key as secret',
      { secret: '-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----' },
    ],
    ['an asymmetric algorithm beside a secret', { secret: HR_SECRET, algorithms: ['RS256'] }],
    [
      'an HMAC algorithm beside a JWKS',
      { jwksUri: 'https://hr.example.test/k', algorithms: ['HS256'] },
    ],
    ['a jwksUri over plain http', { jwksUri: 'http://hr.example.test/keys' }],
    ['a keySource without getKey', { keySource: {} as KeySource }],
    ['a rolesClaim that is a number', { rolesClaim: 7 as unknown as string }],
  ] as const)('refuses a listed issuer with %s, naming its place in the list', (_n, config) => {
    const error = typeErrorOf({
      audience: AUDIENCE,
      issuer: [PAYROLL, { issuer: HR, ...(config as IssuerConfig) }],
    });
    expect(error?.message).toContain('option "issuer[1]');
  });

  it('refuses an issuer listed twice, and own keys beside the top-level ones', () => {
    expect(
      typeErrorOf({ audience: AUDIENCE, issuer: [HR, { issuer: HR, secret: HR_SECRET }] }),
    ).toBeInstanceOf(TypeError);
    expect(
      typeErrorOf({ audience: AUDIENCE, issuer: [{ issuer: HR, secret: HR_SECRET }], keySource }),
    ).toBeInstanceOf(TypeError);
    expect(
      typeErrorOf({
        audience: AUDIENCE,
        issuer: [{ issuer: HR, secret: HR_SECRET }],
        jwksUri: 'https://hr.example.test/keys',
      }),
    ).toBeInstanceOf(TypeError);
  });

  it('checks a listed issuer fetched by discovery against the URL policy, not one with keys', () => {
    expect(
      typeErrorOf({ audience: AUDIENCE, issuer: ['http://hr.example.test/', PAYROLL] }),
    ).toBeInstanceOf(TypeError);
    expect(
      typeErrorOf({
        audience: AUDIENCE,
        issuer: [{ issuer: 'hr', secret: HR_SECRET }, PAYROLL],
      }),
    ).toBeUndefined();
  });
});

describe.each([
  ['node:crypto', true],
  ['WebCrypto', false],
] as const)('each listed issuer verifies with its own keys only (%s path)', (_path, nodeCrypto) => {
  it('a JWKS, a secret and a key source side by side; no token crosses issuers', async () => {
    const fromB = sourceOf(b);
    const before = { a: fetchesOf(a), b: fetchesOf(b), discovery: a.requests.discovery };
    const verifier = createVerifier({
      audience: AUDIENCE,
      nodeCrypto,
      issuer: [
        { issuer: a.issuer, jwksUri: a.jwksUri },
        { issuer: HR, secret: HR_SECRET },
        { issuer: PAYROLL, secret: new TextEncoder().encode(PAYROLL_SECRET) },
        { issuer: b.issuer, keySource: fromB.source },
      ],
    });
    expect((await verifier.verify(await a.mint())).payload.iss).toBe(a.issuer);
    expect((await verifier.verify(hs256(HR, HR_SECRET))).payload.iss).toBe(HR);
    expect((await verifier.verify(hs256(PAYROLL, PAYROLL_SECRET))).payload.iss).toBe(PAYROLL);
    expect((await verifier.verify(await b.mint())).payload.iss).toBe(b.issuer);
    const usedForB = fromB.used.count;
    expect(usedForB).toBeGreaterThan(0);

    // HR's secret signs for payroll, and for a: refused by each issuer's own keys.
    expect(await codeOf(verifier.verify(hs256(PAYROLL, HR_SECRET)))).toBe('ERR_SIGNATURE_INVALID');
    expect(await codeOf(verifier.verify(hs256(a.issuer, HR_SECRET)))).toBe(
      'ERR_ALGORITHM_NOT_ALLOWED',
    );
    // a's key signs for b, and b's for a.
    expect(await codeOf(verifier.verify(await a.mint({ claims: { iss: b.issuer } })))).toMatch(
      /^(ERR_ALGORITHM_NOT_ALLOWED|ERR_KEY_NOT_FOUND)$/,
    );
    const usedNow = fromB.used.count;
    expect(await codeOf(verifier.verify(await b.mint({ claims: { iss: a.issuer } })))).toMatch(
      /^(ERR_ALGORITHM_NOT_ALLOWED|ERR_KEY_NOT_FOUND)$/,
    );
    // A token claiming a is looked up in a's keys only, never in b's source.
    expect(fromB.used.count).toBe(usedNow);
    // a's keys came from its given JWKS (no discovery): once, and once more for the unknown
    // kid of b's forgery; b's issuer was never asked.
    expect(a.requests.discovery).toBe(before.discovery);
    expect(fetchesOf(a) - before.a).toBe(2);
    expect(fetchesOf(b) - before.b).toBe(0);
  });

  it('a listed issuer’s own rules: its audience and rolesClaim apply to it alone', async () => {
    const verifier = createVerifier({
      audience: AUDIENCE,
      nodeCrypto,
      issuer: [
        { issuer: HR, secret: HR_SECRET, audience: 'https://hr-api.example.test' },
        b.issuer,
      ],
    });
    expect(await codeOf(verifier.verify(hs256(HR, HR_SECRET)))).toBe('ERR_AUDIENCE_MISMATCH');
    expect(
      (await verifier.verify(hs256(HR, HR_SECRET, { aud: 'https://hr-api.example.test' }))).payload
        .aud,
    ).toBe('https://hr-api.example.test');
    expect((await verifier.verify(await b.mint())).payload.iss).toBe(b.issuer);
  });
});

describe('a resolver gives each issuer its own keys', () => {
  it('per-issuer secrets: one tenant’s secret never verifies another tenant’s token', async () => {
    const secrets = new Map([
      [HR, HR_SECRET],
      [PAYROLL, PAYROLL_SECRET],
    ]);
    const verifier = createVerifier({
      audience: AUDIENCE,
      issuer: (iss) => {
        const secret = secrets.get(iss);
        return secret === undefined ? undefined : { secret };
      },
    });
    expect((await verifier.verify(hs256(HR, HR_SECRET))).payload.iss).toBe(HR);
    expect((await verifier.verify(hs256(PAYROLL, PAYROLL_SECRET))).payload.iss).toBe(PAYROLL);
    expect(await codeOf(verifier.verify(hs256(PAYROLL, HR_SECRET)))).toBe('ERR_SIGNATURE_INVALID');
    expect(await codeOf(verifier.verify(hs256(HR, PAYROLL_SECRET)))).toBe('ERR_SIGNATURE_INVALID');
  });

  it('per-issuer key sources and JWKS: each issuer’s keys, fetched from its own set', async () => {
    const fromB = sourceOf(b);
    const before = { a: fetchesOf(a), b: fetchesOf(b) };
    const verifier = createVerifier({
      audience: AUDIENCE,
      cache: false,
      issuer: (iss) => {
        if (iss === a.issuer) return { jwksUri: a.jwksUri };
        if (iss === b.issuer) return { keySource: fromB.source };
        return undefined;
      },
    });
    await verifier.verify(await a.mint());
    await verifier.verify(await a.mint());
    await verifier.verify(await b.mint());
    const usedForB = fromB.used.count;
    expect(usedForB).toBeGreaterThan(0);
    expect(await codeOf(verifier.verify(await b.mint({ claims: { iss: a.issuer } })))).toMatch(
      /^(ERR_ALGORITHM_NOT_ALLOWED|ERR_KEY_NOT_FOUND)$/,
    );
    expect(fromB.used.count).toBe(usedForB);
    // a's set: once, then once more for the unknown kid of b's forgery (no discovery).
    expect(a.requests.jwks + a.requests.discovery - before.a).toBe(2);
    expect(fetchesOf(b) - before.b).toBe(0);
  });

  it('a resolver answer with keys that do not fit is a TypeError naming it', async () => {
    const verifier = createVerifier({
      audience: AUDIENCE,
      issuer: () => ({ secret: HR_SECRET, jwksUri: 'https://hr.example.test/keys' }),
    });
    await expect(verifier.verify(hs256(HR, HR_SECRET))).rejects.toThrow(
      /option "issuer resolver result\.(secret|jwksUri)"/,
    );
    await expect(verifier.verify(hs256(HR, HR_SECRET))).rejects.toBeInstanceOf(TypeError);
  });
});
