/**
 * refresh() at its edges: what a family carries across rotations, bounded retries when the
 * store keeps refusing (a typed error, never a hang), corrupt records, and input checks.
 */
import {
  type AtomicSharedStore,
  assertAtomicStore,
  createMemoryStore,
} from '@jwt-guard/core/store';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { IssuerError } from '../src/index.js';
import { sha256 } from '../src/refresh-token.js';
import { fakeClock, issuerOn } from './helpers.js';

async function refusal(call: Promise<unknown>) {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IssuerError);
  return error as IssuerError;
}

/** A memory store whose compare-and-set on family records can be made to always lose. */
function contendedStore() {
  const inner = assertAtomicStore(createMemoryStore(), 'store');
  const state = { lose: false, attempts: 0 };
  const store: AtomicSharedStore = {
    get: (key) => inner.get(key),
    set: (key, value, ttl) => inner.set(key, value, ttl),
    setIfAbsent: (key, value, ttl) => inner.setIfAbsent(key, value, ttl),
    delete: (key) => inner.delete(key),
    compareAndSet: async (key, expected, next, ttl) => {
      if (!state.lose || !key.startsWith('rt:'))
        return inner.compareAndSet(key, expected, next, ttl);
      state.attempts += 1;
      return false;
    },
  };
  return { store, inner, state };
}

describe('refresh() keeps the family as issued', () => {
  it('carries the audience, client, claims and lifetime into each refreshed token', async () => {
    const clock = fakeClock(Date.now());
    const tokens = issuerOn(undefined, {
      now: clock.now,
      refreshToken: { idleTtl: '1d', absoluteTtl: '2d' },
    });
    const pair = await tokens.issue({
      sub: 'alice',
      scope: ['read', 'write'],
      audience: 'https://other.example.com',
      clientId: 'mobile',
      claims: { role: 'admin' },
    });
    clock.advance(86_000_000);
    const next = await tokens.refresh(pair.refreshToken, { scope: ['write', 'write'] });
    expect(decodeJwt(next.accessToken)).toMatchObject({
      aud: 'https://other.example.com',
      client_id: 'mobile',
      role: 'admin',
      scope: 'write',
    });
    expect(next.refreshExpiresIn).toBe(86_400);
    clock.advance(86_000_000);
    // The absolute end (2 days after login) comes before a full idle period now.
    expect((await tokens.refresh(next.refreshToken)).refreshExpiresIn).toBe(
      (2 * 86_400_000 - 172_000_000) / 1000,
    );
  });

  it('names the refused field, never its value', async () => {
    const tokens = issuerOn();
    const pair = await tokens.issue({ sub: 'alice', scope: 'read', dpopJkt: 'A'.repeat(43) });
    expect((await refusal(tokens.refresh('jgr_nope'))).field).toBe('refreshToken');
    expect((await refusal(tokens.refresh(pair.refreshToken))).field).toBe('dpopJkt');
    const wide = await refusal(
      tokens.refresh(pair.refreshToken, { dpopJkt: 'A'.repeat(43), scope: 'admin' }),
    );
    expect(wide.field).toBe('scope');
    const bad = await refusal(
      tokens.refresh(pair.refreshToken, { dpopJkt: 'A'.repeat(43), scope: 7 as unknown as string }),
    );
    expect(bad.code).toBe('ERR_ISSUE_INPUT_INVALID');
    expect((await refusal(tokens.revokeAll(''))).code).toBe('ERR_ISSUE_INPUT_INVALID');
  });
});

describe('a store that keeps refusing the compare-and-set', () => {
  it('ends issue(), refresh() and revoke() with ERR_REFRESH_CONFLICT after a few tries', async () => {
    const { store, state } = contendedStore();
    const tokens = issuerOn(store);
    const pair = await tokens.issue({ sub: 'alice' });
    state.lose = true;
    const refreshed = await refusal(tokens.refresh(pair.refreshToken));
    expect(refreshed.code).toBe('ERR_REFRESH_CONFLICT');
    expect(refreshed.oauthError).toBe('invalid_grant');
    expect(state.attempts).toBe(4);
    expect((await refusal(tokens.revoke(pair.refreshToken))).code).toBe('ERR_REFRESH_CONFLICT');
    expect((await refusal(tokens.issue({ sub: 'bob' }))).code).toBe('ERR_REFRESH_CONFLICT');
    state.lose = false;
    expect((await tokens.refresh(pair.refreshToken)).refreshToken).toMatch(/^jgr_/);
  });
});

describe('a corrupt family record', () => {
  it('is refused like an unknown family, and revoking it is no error', async () => {
    const { store, inner } = contendedStore();
    const tokens = issuerOn(store);
    const pair = await tokens.issue({ sub: 'alice' });
    const key = `rt:family:${pair.refreshToken.slice(4, 26)}`;
    expect(await inner.get(key)).toBeDefined();
    for (const corrupt of ['{not json', '{"v":2}', 'null']) {
      await inner.set(key, corrupt, 60_000);
      expect((await refusal(tokens.refresh(pair.refreshToken))).code).toBe(
        'ERR_REFRESH_TOKEN_INVALID',
      );
      await expect(tokens.revoke(pair.refreshToken)).resolves.toBeUndefined();
    }
  });
});

describe('the subject index and the deny list over time', () => {
  it('drops families past their absolute end from the subject index', async () => {
    const { store, inner } = contendedStore();
    const clock = fakeClock(Date.now());
    const tokens = issuerOn(store, {
      now: clock.now,
      refreshToken: { idleTtl: '1d', absoluteTtl: '2d' },
    });
    await tokens.issue({ sub: 'alice' });
    await tokens.issue({ sub: 'alice' });
    const key = `rt:subject:${await sha256('alice')}`;
    expect(JSON.parse((await inner.get(key))!)).toHaveLength(2);
    clock.advance(2 * 86_400_000);
    const last = await tokens.issue({ sub: 'alice' });
    const entries = JSON.parse((await inner.get(key))!) as Array<[string, number]>;
    expect(entries.map(([familyId]) => familyId)).toEqual([last.refreshToken.slice(4, 26)]);
  });

  it('denies access tokens until their exp on the issuer clock, wherever that clock is', async () => {
    // An issuer clock 30 days behind the wall clock: exp is in the wall clock's past.
    const clock = fakeClock(Date.now() - 30 * 86_400_000);
    const tokens = issuerOn(undefined, { now: clock.now });
    const pair = await tokens.issue({ sub: 'alice' });
    await tokens.revoke(pair.refreshToken);
    expect(await tokens.isRevoked(decodeJwt(pair.accessToken))).toBe(true);
  });
});

describe('refreshToken.maxSessions bounds the families of one subject', () => {
  it('revokes the oldest family, with its access token, when a login passes the cap', async () => {
    const store = createMemoryStore();
    const tokens = issuerOn(store, { refreshToken: { maxSessions: 2 } });
    const first = await tokens.issue({ sub: 'alice' });
    const second = await tokens.issue({ sub: 'alice' });
    const bob = await tokens.issue({ sub: 'bob' });
    const third = await tokens.issue({ sub: 'alice' });

    expect((await refusal(tokens.refresh(first.refreshToken))).oauthError).toBe('invalid_grant');
    expect(await tokens.isRevoked(decodeJwt(first.accessToken))).toBe(true);
    expect(await tokens.isRevoked(decodeJwt(second.accessToken))).toBe(false);
    await expect(tokens.refresh(second.refreshToken)).resolves.toBeDefined();
    await expect(tokens.refresh(third.refreshToken)).resolves.toBeDefined();
    await expect(tokens.refresh(bob.refreshToken)).resolves.toBeDefined();

    const index = JSON.parse((await store.get(`rt:subject:${await sha256('alice')}`))!);
    expect(index).toHaveLength(2);
  });

  it('keeps every live family reachable by revokeAll', async () => {
    const tokens = issuerOn(createMemoryStore(), { refreshToken: { maxSessions: 3 } });
    const sessions = [];
    for (let i = 0; i < 5; i += 1) sessions.push(await tokens.issue({ sub: 'alice' }));
    await tokens.revokeAll('alice');
    for (const session of sessions) {
      expect((await refusal(tokens.refresh(session.refreshToken))).oauthError).toBe(
        'invalid_grant',
      );
    }
  });
});

describe('a reuse whose deny-list writes failed', () => {
  it('is completed by the next token of the family presented', async () => {
    const inner = assertAtomicStore(createMemoryStore(), 'store');
    const denyDown = { on: false };
    const store: AtomicSharedStore = {
      get: (key) => inner.get(key),
      set: (key, value, ttl) =>
        denyDown.on && key.startsWith('revoked:')
          ? Promise.reject(new Error('deny list down'))
          : inner.set(key, value, ttl),
      setIfAbsent: (key, value, ttl) => inner.setIfAbsent(key, value, ttl),
      delete: (key) => inner.delete(key),
      compareAndSet: (key, expected, next, ttl) => inner.compareAndSet(key, expected, next, ttl),
    };
    const clock = fakeClock();
    const tokens = issuerOn(store, { now: clock.now });
    const first = await tokens.issue({ sub: 'alice' });
    const second = await tokens.refresh(first.refreshToken);
    clock.advance(11_000); // past the reuse grace

    denyDown.on = true;
    await expect(tokens.refresh(first.refreshToken)).rejects.toThrow();
    expect(await tokens.isRevoked(decodeJwt(second.accessToken))).toBe(false);

    denyDown.on = false;
    expect((await refusal(tokens.refresh(second.refreshToken))).oauthError).toBe('invalid_grant');
    for (const issued of [first, second]) {
      expect(await tokens.isRevoked(decodeJwt(issued.accessToken))).toBe(true);
    }
  });
});
