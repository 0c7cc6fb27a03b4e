/**
 * The introspection cache: one call per token however many requests arrive at once, an
 * answer kept until the earlier of `exp` and `cacheMaxAge`, `active: false` kept briefly,
 * a bounded memory, and a fleet's shared store that holds answers by token hash only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JwtGuardEvent } from '../../src/index.js';
import { createMemoryStore, type SharedStore } from '../../src/store/index.js';
import { codeOf } from '../outcome.js';
import {
  type IntrospectingSetup,
  type IntrospectionServer,
  introspectingVerifier,
  startIntrospectionServer,
} from './introspection-server.js';

const AUDIENCE = 'https://api.example.test';
let op: IntrospectionServer;

beforeAll(async () => {
  op = await startIntrospectionServer();
});
afterAll(() => op.close());

const verifierWith = (setup: IntrospectingSetup = {}) => introspectingVerifier(op, setup);

const callsFor = (token: string) =>
  op.seen.filter(({ params }) => params.get('token') === token).length;

describe('introspection cache', () => {
  it('one call for many concurrent requests of one token, then answers from the cache', async () => {
    const events: JwtGuardEvent[] = [];
    const verifier = verifierWith({ events: (event) => events.push(event) });
    const token = op.issue({ aud: AUDIENCE, sub: 'u1' });
    op.delayMs = 100;
    try {
      const answers = await Promise.all(Array.from({ length: 10 }, () => verifier.verify(token)));
      expect(answers.every(({ payload }) => payload.sub === 'u1')).toBe(true);
    } finally {
      op.delayMs = 0;
    }
    await verifier.verify(token);
    expect(callsFor(token)).toBe(1);
    const accepted = events.filter((event) => event.type === 'token-accepted');
    expect(accepted.at(-1)).toEqual({ type: 'token-accepted', issuer: op.issuer, cached: true });
    expect(accepted.some((event) => event.type === 'token-accepted' && !event.cached)).toBe(true);
  });

  it('kept at most cacheMaxAge, and never past exp', async () => {
    let clock = Date.now();
    const verifier = verifierWith({ introspection: { cacheMaxAge: 60_000 }, now: () => clock });
    const token = op.issue({ aud: AUDIENCE, exp: undefined });
    await verifier.verify(token);
    clock += 59_000;
    await verifier.verify(token);
    expect(callsFor(token)).toBe(1);
    clock += 2_000;
    await verifier.verify(token);
    expect(callsFor(token)).toBe(2);
    // exp 20 s away: asked again after 20 s, not after the minute.
    const short = op.issue({ aud: AUDIENCE, exp: Math.floor(clock / 1000) + 20 });
    await verifier.verify(short);
    clock += 26_000; // past exp and the 5 s clock tolerance
    expect(await codeOf(verifier.verify(short))).toBe('ERR_TOKEN_EXPIRED');
    expect(callsFor(short)).toBe(2);
  });

  it('active: false is remembered for inactiveCacheMaxAge, then asked again', async () => {
    let clock = Date.now();
    const verifier = verifierWith({
      introspection: { inactiveCacheMaxAge: 10_000 },
      now: () => clock,
    });
    const token = 'not-yet-known-token';
    expect(await codeOf(verifier.verify(token))).toBe('ERR_TOKEN_INACTIVE');
    clock += 9_000;
    expect(await codeOf(verifier.verify(token))).toBe('ERR_TOKEN_INACTIVE');
    expect(callsFor(token)).toBe(1);
    op.activate(token, { iss: op.issuer, aud: AUDIENCE, exp: Math.floor(clock / 1000) + 300 });
    clock += 2_000;
    expect((await verifier.verify(token)).payload.aud).toBe(AUDIENCE);
    expect(callsFor(token)).toBe(2);
  });

  it('bounded: past cacheMaxEntries the least recently used answer is asked again', async () => {
    const verifier = verifierWith({ introspection: { cacheMaxEntries: 1 } });
    const [first, second] = [op.issue({ aud: AUDIENCE }), op.issue({ aud: AUDIENCE })];
    await verifier.verify(first);
    await verifier.verify(second);
    await verifier.verify(first);
    expect([callsFor(first), callsFor(second)]).toEqual([2, 1]);
  });

  it('a fleet shares answers through the store, keyed by hash, never the raw token', async () => {
    const memory = createMemoryStore();
    const written: [string, string, number][] = [];
    const store: SharedStore = {
      get: (key) => memory.get(key),
      setIfAbsent: (key, value, ttl) => memory.setIfAbsent(key, value, ttl),
      set: (key, value, ttl) => {
        written.push([key, value, ttl]);
        return memory.set(key, value, ttl);
      },
    };
    const token = op.issue({ aud: AUDIENCE, sub: 'fleet' });
    await verifierWith({ store }).verify(token);
    expect((await verifierWith({ store }).verify(token)).payload.sub).toBe('fleet');
    expect(callsFor(token)).toBe(1);
    const mine = written.filter(([key]) => key.startsWith('introspection:'));
    expect(mine).toHaveLength(1);
    const [key, value, ttl] = mine[0]!;
    expect(key).toMatch(/^introspection:http%3A%2F%2F127\.0\.0\.1%3A\d+:[A-Za-z0-9_-]{43}$/);
    expect(`${key}${value}`).not.toContain(token);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('a store that fails is passed over: the endpoint answers', async () => {
    const failing: SharedStore = {
      get: () => Promise.reject(new Error('down')),
      set: () => Promise.reject(new Error('down')),
      setIfAbsent: () => Promise.reject(new Error('down')),
    };
    const token = op.issue({ aud: AUDIENCE, sub: 'no-store' });
    expect((await verifierWith({ store: failing }).verify(token)).payload.sub).toBe('no-store');
  });
});
