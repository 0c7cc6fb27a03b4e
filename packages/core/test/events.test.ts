/** The `events` option: what it reports, what it never carries, and that it cannot break a request. */
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../src/adapter.js';
import { createMemoryStore, createVerifier, type JwtGuardEvent } from '../src/index.js';
import { codeOf } from './outcome.js';

let issuer: TestIssuer;
let stranger: TestIssuer;
beforeAll(async () => {
  [issuer, stranger] = await Promise.all([
    createTestIssuer({ algorithms: ['ES256'] }),
    createTestIssuer({ algorithms: ['ES256'] }),
  ]);
});
afterAll(() => Promise.all([issuer.close(), stranger.close()]));

const recorder = () => {
  const events: JwtGuardEvent[] = [];
  return { events, listener: (event: JwtGuardEvent) => events.push(event) };
};

describe('events', () => {
  it('reports issuers, key sets and tokens, and never a token or a claim', async () => {
    const { events, listener } = recorder();
    const verifier = createVerifier({
      issuer: issuer.issuer,
      audience: issuer.audience,
      events: listener,
    });
    const token = await issuer.mint({ claims: { sub: 'alice-secret-sub' } });
    await verifier.verify(token);
    await verifier.verify(token);
    const expired = await issuer.mint({ expiresIn: -60 });
    await codeOf(verifier.verify(expired));
    await codeOf(verifier.verify(await stranger.mint()));
    const took = expect.any(Number);
    expect(events).toEqual([
      { type: 'issuer-resolved', issuer: issuer.issuer },
      { type: 'keys-fetch-started', issuer: issuer.issuer },
      { type: 'keys-fetched', issuer: issuer.issuer, keys: 1, fromStore: false, durationMs: took },
      { type: 'token-accepted', issuer: issuer.issuer, cached: false, durationMs: took },
      { type: 'token-accepted', issuer: issuer.issuer, cached: true },
      { type: 'token-refused', code: 'ERR_TOKEN_EXPIRED', status: 401 },
      { type: 'issuer-refused' },
      { type: 'token-refused', code: 'ERR_ISSUER_MISMATCH', status: 401 },
    ]);
    const text = JSON.stringify(events);
    for (const secret of [token, expired, 'alice-secret-sub', stranger.issuer]) {
      expect(text).not.toContain(secret);
    }
  });

  it('reports a failing issuer with its reason, and the 503 with it', async () => {
    const { events, listener } = recorder();
    const jwksUri = `${issuer.issuer}/nowhere.json`;
    const verifier = createVerifier({
      issuer: issuer.issuer,
      audience: issuer.audience,
      jwksUri,
      events: listener,
    });
    expect(await codeOf(verifier.verify(await issuer.mint()))).toBe('ERR_KEYS_UNAVAILABLE');
    expect(events).toContainEqual({
      type: 'keys-failed',
      issuer: issuer.issuer,
      reason: `${jwksUri}: unexpected status 404`,
      durationMs: expect.any(Number),
    });
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'token-refused', code: 'ERR_KEYS_UNAVAILABLE', status: 503 }),
    );
  });

  it('reports stale keys served during an outage, and a refetch the cooldown skips', async () => {
    const own = await createTestIssuer({ algorithms: ['ES256'] });
    try {
      const clock = { ms: Date.now() };
      const { events, listener } = recorder();
      const verifier = createVerifier({
        issuer: own.issuer,
        audience: own.audience,
        cache: false,
        now: () => clock.ms,
        jwks: { cacheMaxAge: 1000, cooldownDuration: 1000 },
        events: listener,
      });
      await verifier.verify(await own.mint());
      // An unknown kid just after the first fetch: one refetch, then the cooldown.
      const unknown = await own.mint({ header: { kid: 'nobody' } });
      await codeOf(verifier.verify(unknown));
      await codeOf(verifier.verify(unknown));
      expect(events).toContainEqual({ type: 'keys-refetch-skipped', issuer: own.issuer });
      own.setOutage(true);
      clock.ms += 1500;
      await codeOf(verifier.verify(await own.mint()));
      await verifier.verify(await own.mint());
      expect(events).toContainEqual({ type: 'keys-stale', issuer: own.issuer });
      expect(events).toContainEqual(
        expect.objectContaining({ type: 'keys-failed', issuer: own.issuer }),
      );
    } finally {
      await own.close();
    }
  });

  it('says when a key set came from the shared store', async () => {
    const store = createMemoryStore();
    const first = recorder();
    const second = recorder();
    const base = { issuer: issuer.issuer, audience: issuer.audience, store };
    await createVerifier({ ...base, events: first.listener }).verify(await issuer.mint());
    await createVerifier({ ...base, events: second.listener }).verify(await issuer.mint());
    expect(first.events).toContainEqual(
      expect.objectContaining({ type: 'keys-fetched', fromStore: false }),
    );
    expect(second.events).toContainEqual(
      expect.objectContaining({ type: 'keys-fetched', fromStore: true }),
    );
  });

  it('reports request refusals once, and a listener that throws changes nothing', async () => {
    const { events, listener } = recorder();
    const authenticator = createAuthenticator<string>(
      { issuer: issuer.issuer, audience: issuer.audience, events: listener },
      (authorization) => ({ authorization }),
    );
    await authenticator.authenticate('Basic abc').catch(() => undefined);
    await authenticator.authenticate('Bearer a!b').catch(() => undefined);
    await authenticator
      .authenticate(`Bearer ${await issuer.mint({ expiresIn: -60 })}`)
      .catch(() => undefined);
    expect(events.filter((event) => event.type === 'token-refused')).toEqual([
      { type: 'token-refused', code: 'ERR_NO_TOKEN', status: 401 },
      { type: 'token-refused', code: 'ERR_MALFORMED_AUTHORIZATION', status: 400 },
      { type: 'token-refused', code: 'ERR_TOKEN_EXPIRED', status: 401 },
    ]);
    const throwing = createVerifier({
      issuer: issuer.issuer,
      audience: issuer.audience,
      events: () => {
        throw new Error('a bug in a listener');
      },
    });
    expect((await throwing.verify(await issuer.mint())).payload.iss).toBe(issuer.issuer);
    expect(() =>
      createVerifier({ issuer: issuer.issuer, audience: 'a', events: 'log' as never }),
    ).toThrow(/option "events"/);
  });
});
