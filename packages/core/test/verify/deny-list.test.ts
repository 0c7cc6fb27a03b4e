/**
 * The deny list keys revocations on the issuer and the `jti` together: issuer B revoking
 * its token never refuses issuer A's token with the same `jti`. Also its store keys, its
 * time to live, what it refuses to record, and how it fails.
 */
import { createTestIssuers, type TestIssuers } from '@jwt-guard/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createVerifier } from '../../src/index.js';
import { createMemoryStore, type SharedStore } from '../../src/store/index.js';
import { createDenyList } from '../../src/verify/deny-list.js';
import { codeOf } from '../outcome.js';

/** A memory store that records every call made to it. */
function recordingStore(inner: SharedStore = createMemoryStore()) {
  const calls: [string, ...unknown[]][] = [];
  const store: SharedStore = {
    get(key) {
      calls.push(['get', key]);
      return inner.get(key);
    },
    set(key, value, ttl) {
      calls.push(['set', key, value, ttl]);
      return inner.set(key, value, ttl);
    },
    setIfAbsent: (key, value, ttl) => inner.setIfAbsent(key, value, ttl),
  };
  return { store, calls };
}

const down: SharedStore = {
  get: () => Promise.reject(new Error('down')),
  set: () => Promise.reject(new Error('down')),
  setIfAbsent: () => Promise.reject(new Error('down')),
};

const inAMinute = () => Math.floor(Date.now() / 1000) + 60;
const A = 'https://a.example.com/';
const B = 'https://b.example.com/';

describe('revocations belong to one issuer', () => {
  let issuers: TestIssuers;
  beforeAll(async () => {
    issuers = await createTestIssuers(2);
  });
  afterAll(() => issuers.close());

  it('issuer B revoking its token leaves issuer A’s token with the same jti valid, on every instance', async () => {
    const [a, b] = issuers;
    const store = createMemoryStore();
    const [one, two] = [0, 1].map(() =>
      createVerifier({
        issuer: [a!.issuer, b!.issuer],
        audience: a!.audience,
        isRevoked: createDenyList({ store }).isRevoked,
      }),
    );
    const fromA = await a!.mint({ claims: { jti: 'same-jti' } });
    const fromB = await b!.mint({ claims: { jti: 'same-jti' } });
    expect((await one!.verify(fromA)).payload.iss).toBe(a!.issuer);
    const { payload } = await two!.verify(fromB);

    // A user of issuer B revokes their own token, from its verified claims.
    await createDenyList({ store }).revoke(payload.jti!, payload.exp!, payload.iss!);
    for (const verifier of [one!, two!]) {
      expect(await codeOf(verifier.verify(fromB))).toBe('ERR_TOKEN_REVOKED');
      expect((await verifier.verify(fromA)).payload.iss).toBe(a!.issuer);
    }

    await createDenyList({ store }).revoke('same-jti', inAMinute(), a!.issuer);
    expect(await codeOf(one!.verify(fromA))).toBe('ERR_TOKEN_REVOKED');
    // Another jti of the same issuer, and a token without a jti, still pass.
    const other = await b!.mint({ claims: { jti: 'other-jti' } });
    expect((await one!.verify(other)).payload.jti).toBe('other-jti');
    expect((await one!.verify(await b!.mint({ omit: ['jti'] }))).payload.jti).toBeUndefined();
  });

  it('no two (issuer, jti) pairs share an entry, whatever their colons', async () => {
    const denyList = createDenyList({ store: createMemoryStore() });
    await denyList.revoke('b:c', inAMinute(), 'a');
    expect(await denyList.isRevoked({ iss: 'a', jti: 'b:c' })).toBe(true);
    expect(await denyList.isRevoked({ iss: 'a:b', jti: 'c' })).toBe(false);
    expect(await denyList.isRevoked({ iss: 'a', jti: 'b' })).toBe(false);
    expect(await denyList.isRevoked({ jti: 'b:c' })).toBe(false);
    expect(await denyList.isRevoked({ iss: 'A', jti: 'b:c' })).toBe(false);
  });
});

describe('the store entry', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is the prefix, the URI-encoded issuer, a colon and the jti, until `until`', async () => {
    vi.useFakeTimers({ now: 1_700_000_000_000, toFake: ['Date'] });
    const { store, calls } = recordingStore();
    const denyList = createDenyList({ store });
    await denyList.revoke('4f1c:9', 1_700_000_060, A);
    expect(calls).toEqual([['set', 'revoked:https%3A%2F%2Fa.example.com%2F:4f1c:9', '1', 60_000]]);
    expect(await denyList.isRevoked({ iss: A, jti: '4f1c:9' })).toBe(true);
    expect(calls.at(-1)).toEqual(['get', 'revoked:https%3A%2F%2Fa.example.com%2F:4f1c:9']);

    const custom = recordingStore();
    await createDenyList({ store: custom.store, prefix: 'deny/' }).revoke('j', 1_700_000_001, B);
    expect(custom.calls).toEqual([['set', 'deny/https%3A%2F%2Fb.example.com%2F:j', '1', 1_000]]);
  });

  it('rounds the time to live up, and records nothing already over', async () => {
    vi.useFakeTimers({ now: 1_700_000_000_000, toFake: ['Date'] });
    const { store, calls } = recordingStore();
    const denyList = createDenyList({ store });
    await denyList.revoke('soon', 1_700_000_000.0004, A);
    expect(calls).toEqual([['set', 'revoked:https%3A%2F%2Fa.example.com%2F:soon', '1', 1]]);
    calls.length = 0;
    await denyList.revoke('now', 1_700_000_000, A);
    await denyList.revoke('past', 1, A);
    expect(calls).toEqual([]);
    expect(await denyList.isRevoked({ iss: A, jti: 'past' })).toBe(false);
  });
});

describe('what revoke refuses', () => {
  let denyList: ReturnType<typeof createDenyList>;
  beforeEach(() => {
    denyList = createDenyList({ store: createMemoryStore() });
  });
  const refusal = (call: Promise<void>) =>
    call.then(
      () => 'recorded',
      (error: unknown) => {
        expect(error).toBeInstanceOf(TypeError);
        return (error as Error).message;
      },
    );

  it.each([
    ['an empty jti', '', A],
    ['a jti of 257 characters', 'x'.repeat(257), A],
    ['a jti that is not a string', 7, A],
    ['no iss', 'j', undefined],
    ['an empty iss', 'j', ''],
    ['an iss that is not a string', 'j', 7],
    ['an iss with a lone high surrogate', 'j', 'https://a.example.com/\ud800'],
    ['an iss with a lone low surrogate', 'j', '\udc00https://a.example.com/'],
  ])('%s', async (_name, jti, iss) => {
    expect(await refusal(denyList.revoke(jti as string, inAMinute(), iss as string))).toBe(
      'jwt-guard: revoke() needs a jti (1 to 256 characters) and an iss',
    );
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, '60' as unknown as number])(
    'an until of %s',
    async (until) => {
      expect(await refusal(denyList.revoke('j', until, A))).toBe(
        'jwt-guard: revoke() needs `until` in seconds',
      );
    },
  );

  it('a jti of 256 characters is recorded and read', async () => {
    const jti = 'x'.repeat(256);
    expect(await refusal(denyList.revoke(jti, inAMinute(), A))).toBe('recorded');
    expect(await denyList.isRevoked({ iss: A, jti })).toBe(true);
  });

  it('an issuer with characters beyond the BMP (surrogate pairs) is recorded and read', async () => {
    const iss = 'https://\u{1F511}.example/';
    expect(await refusal(denyList.revoke('j', inAMinute(), iss))).toBe('recorded');
    expect(await denyList.isRevoked({ iss, jti: 'j' })).toBe(true);
    expect(await denyList.isRevoked({ iss: A, jti: 'j' })).toBe(false);
  });
});

describe('isRevoked', () => {
  it('reads only own, usable iss and jti, and asks the store nothing otherwise', async () => {
    const { store, calls } = recordingStore();
    const denyList = createDenyList({ store });
    await denyList.revoke('j', inAMinute(), A);
    calls.length = 0;
    const inherited = Object.create({ iss: A, jti: 'j' });
    for (const payload of [
      {},
      inherited,
      Object.assign(Object.create({ iss: A }), { jti: 'j' }),
      Object.assign(Object.create({ jti: 'j' }), { iss: A }),
      { iss: A, jti: 'x'.repeat(257) },
      { iss: A, jti: '' },
      { iss: '', jti: 'j' },
    ]) {
      expect(await denyList.isRevoked(payload)).toBe(false);
    }
    expect(calls).toEqual([]);
    expect(await denyList.isRevoked({ iss: A, jti: 'j' })).toBe(true);
  });

  it('fails closed when the store is down, open only when failOpen is true', async () => {
    const payload = { iss: A, jti: 'j' };
    await expect(createDenyList({ store: down }).isRevoked(payload)).rejects.toThrow('down');
    await expect(
      createDenyList({ store: down, failOpen: 'yes' as unknown as boolean }).isRevoked(payload),
    ).rejects.toThrow('down');
    expect(await createDenyList({ store: down, failOpen: true }).isRevoked(payload)).toBe(false);
    // failOpen never hides a revocation the store can read.
    const store = createMemoryStore();
    await createDenyList({ store }).revoke('j', inAMinute(), A);
    expect(await createDenyList({ store, failOpen: true }).isRevoked(payload)).toBe(true);
  });
});

describe('createDenyList options', () => {
  it.each([
    ['no store', {}],
    ['a store without get', { store: { set() {}, setIfAbsent() {} } }],
    ['a store without set', { store: { get() {}, setIfAbsent() {} } }],
  ])('refuses %s, naming the option', (_name, options) => {
    expect(() => createDenyList(options as never)).toThrow(TypeError);
    expect(() => createDenyList(options as never)).toThrow(
      'jwt-guard: createDenyList() option "store" must be a SharedStore',
    );
  });
});
