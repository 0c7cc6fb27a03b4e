import { createKvStore, createMemoryStore } from '@jwt-guard/core/store';
import { describe, expect, it } from 'vitest';
import { createTokenIssuer, type TokenIssuerOptions } from '../src/index.js';
import { AUDIENCE, ISSUER, SECRET } from './helpers.js';

const base: TokenIssuerOptions = {
  issuer: ISSUER,
  audience: AUDIENCE,
  keys: { encryptionSecret: SECRET, schedule: false },
};
const kv = createKvStore({ get: async () => null, put: async () => undefined } as never);

describe('createTokenIssuer options', () => {
  const refused: [string, Record<string, unknown>][] = [
    ['issuer', { issuer: 'http://api.example.com' }],
    ['issuer', { issuer: 'https://api.example.com/?x=1' }],
    ['audience', { audience: '' }],
    ['store', { store: kv }],
    ['store', { store: { get: async () => undefined } }],
    [
      'store',
      {
        store: {
          get: async () => undefined,
          set: async () => undefined,
          setIfAbsent: async () => true,
          compareAndSet: async () => true,
        },
      },
    ],
    ['keys', { keys: 'x' }],
    ['keys', { keys: [] }],
    ['keys.algorithm', { keys: { algorithm: 'HS256', encryptionSecret: SECRET } }],
    ['keys.algorithm', { keys: { algorithm: 'none', encryptionSecret: SECRET } }],
    ['keys.encryptionSecret', { keys: { encryptionSecret: 'short' } }],
    ['keys.encryptionSecret', { keys: {} }],
    ['keys.rotateEvery', { keys: { encryptionSecret: SECRET, rotateEvery: '30 days' } }],
    [
      'keys.publishAhead',
      { keys: { encryptionSecret: SECRET, rotateEvery: '5m', publishAhead: '10m' } },
    ],
    ['keys[0].privateKey', { keys: [{ kid: 'a', privateKey: { kty: 'EC' } }] }],
    [
      'keys[0].alg',
      { keys: [{ kid: 'a', alg: 'HS256', privateKey: { kty: 'oct', k: 'x', d: 'x' } }] },
    ],
    [
      'keys[0].alg',
      { keys: [{ kid: 'a', alg: 'none', privateKey: { kty: 'EC', crv: 'P-256', d: 'x' } }] },
    ],
    ['keys[0].alg', { keys: [{ kid: 'a', alg: 'ES256', privateKey: { kty: 'RSA', d: 'x' } }] }],
    [
      'keys[0].alg',
      { keys: [{ kid: 'a', alg: 'ES256', privateKey: { kty: 'EC', crv: 'P-384', d: 'x' } }] },
    ],
    [
      'keys[0].alg',
      { keys: [{ kid: 'a', alg: 'RS256', privateKey: { kty: 'EC', crv: 'P-256', d: 'x' } }] },
    ],
    ['keys[0].alg', { keys: [{ kid: 'a', alg: 'EdDSA', privateKey: { kty: 'RSA', d: 'x' } }] }],
    ['accessToken.ttl', { accessToken: { ttl: '61m' } }],
    ['accessToken.ttl', { accessToken: { ttl: 0 } }],
    ['accessToken.encryptTo', { accessToken: { encryptTo: { kty: 'oct', k: 'x' } } }],
    ['refreshToken.idleTtl', { refreshToken: { idleTtl: '91d' } }],
    ['refreshToken.reuseGrace', { refreshToken: { reuseGrace: '61s' } }],
    ['refreshToken.maxSessions', { refreshToken: { maxSessions: 0 } }],
    ['refreshToken.maxSessions', { refreshToken: { maxSessions: 1001 } }],
    ['refreshToken.maxSessions', { refreshToken: { maxSessions: 2.5 } }],
    ['onEvent', { onEvent: 'log' }],
  ];

  it.each(refused)('refuses a bad %s with a TypeError naming it', (option, overrides) => {
    const create = () => createTokenIssuer({ ...base, ...overrides } as TokenIssuerOptions);
    expect(create).toThrow(TypeError);
    expect(create).toThrow(`"${option}"`);
  });

  it('fills in the defaults of the design', () => {
    const { options } = createTokenIssuer(base);
    expect(options).toMatchObject({
      accessTokenTtlMs: 300_000,
      refresh: { idleTtlMs: 14 * 86_400_000, absoluteTtlMs: 90 * 86_400_000, reuseGraceMs: 10_000 },
      keys: {
        kind: 'ring',
        algorithm: 'ES256',
        rotateEveryMs: 30 * 86_400_000,
        publishAheadMs: 600_000,
        refreshEveryMs: 10_000,
      },
    });
    expect(typeof options.store.compareAndSet).toBe('function');
  });

  it('accepts the limits themselves and a memory store', () => {
    const { options } = createTokenIssuer({
      ...base,
      store: createMemoryStore(),
      accessToken: { ttl: '1h' },
      refreshToken: { idleTtl: '90d', reuseGrace: '60s' },
    });
    expect(options.accessTokenTtlMs).toBe(3_600_000);
    expect(options.refresh.reuseGraceMs).toBe(60_000);
  });

  it('never mutates the options object', () => {
    const options = Object.freeze({ ...base, keys: Object.freeze({ ...base.keys }) });
    expect(() => createTokenIssuer(options)).not.toThrow();
  });
});
