/** The `events` option: what it reports, what it never carries, and that it cannot break a request. */
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../src/authenticator.js';
import { createVerifier, type JwtGuardEvent } from '../src/index.js';
import { createMemoryStore } from '../src/store/index.js';
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

  it('reports a failing isRevoked hook by its class, never by a message that may quote claims', async () => {
    const { events, listener } = recorder();
    const verifier = createVerifier({
      issuer: issuer.issuer,
      audience: issuer.audience,
      events: listener,
      isRevoked: (payload) => {
        throw new RangeError(`store refused revoked:${String(payload.sub)}`);
      },
    });
    const token = await issuer.mint({ claims: { sub: 'alice-secret-sub' } });
    expect(await codeOf(verifier.verify(token))).toBe('ERR_REVOCATION_UNAVAILABLE');
    expect(events).toContainEqual({
      type: 'token-refused',
      code: 'ERR_REVOCATION_UNAVAILABLE',
      status: 503,
      reason: 'RangeError',
    });
    expect(JSON.stringify(events)).not.toContain('alice-secret-sub');
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

describe('what a refusal event tells the operator', () => {
  it('hints at an issuer configured with a trailing slash the token lacks, naming the configured value', async () => {
    const { events, listener } = recorder();
    const configured = `${issuer.issuer}/`;
    const verifier = createVerifier({
      issuer: configured,
      audience: issuer.audience,
      events: listener,
    });
    const token = await issuer.mint({ claims: { sub: 'alice-secret-sub' } });
    expect(await codeOf(verifier.verify(token))).toBe('ERR_ISSUER_MISMATCH');
    // The same token again: refused from the failure cache, with the hint all the same.
    expect(await codeOf(verifier.verify(token))).toBe('ERR_ISSUER_MISMATCH');
    const refused = {
      type: 'token-refused',
      code: 'ERR_ISSUER_MISMATCH',
      status: 401,
      hint: { claim: 'iss', configured, difference: 'trailing-slash' },
    };
    expect(events.filter((event) => event.type === 'token-refused')).toEqual([refused, refused]);
    expect(JSON.stringify(events)).not.toContain(token);
    expect(JSON.stringify(events)).not.toContain('alice-secret-sub');
  });

  it('hints at an issuer configured without the trailing slash the token has, among several', async () => {
    const { events, listener } = recorder();
    const verifier = createVerifier({
      issuer: ['https://other.example.com', issuer.issuer],
      audience: issuer.audience,
      events: listener,
    });
    const token = await issuer.mint({ claims: { iss: `${issuer.issuer}/` } });
    expect(await codeOf(verifier.verify(token))).toBe('ERR_ISSUER_MISMATCH');
    expect(events.find((event) => event.type === 'token-refused')).toEqual({
      type: 'token-refused',
      code: 'ERR_ISSUER_MISMATCH',
      status: 401,
      hint: { claim: 'iss', configured: issuer.issuer, difference: 'trailing-slash' },
    });
  });

  it('gives no hint when the issuers differ otherwise', async () => {
    const { events, listener } = recorder();
    const verifier = createVerifier({
      issuer: `${issuer.issuer}/x`,
      audience: issuer.audience,
      events: listener,
    });
    expect(await codeOf(verifier.verify(await issuer.mint()))).toBe('ERR_ISSUER_MISMATCH');
    expect(events.find((event) => event.type === 'token-refused')).toEqual({
      type: 'token-refused',
      code: 'ERR_ISSUER_MISMATCH',
      status: 401,
    });
  });

  it('hints at an audience that differs only by a trailing slash, in a string or an array', async () => {
    const { events, listener } = recorder();
    const configured = `${issuer.audience}/`;
    const verifier = createVerifier({
      issuer: issuer.issuer,
      audience: ['https://elsewhere.example', configured],
      events: listener,
    });
    expect(await codeOf(verifier.verify(await issuer.mint()))).toBe('ERR_AUDIENCE_MISMATCH');
    const inArray = await issuer.mint({
      claims: { aud: ['https://third.example', issuer.audience] },
    });
    expect(await codeOf(verifier.verify(inArray))).toBe('ERR_AUDIENCE_MISMATCH');
    const elsewhere = await issuer.mint({ claims: { aud: 'https://unrelated.example' } });
    expect(await codeOf(verifier.verify(elsewhere))).toBe('ERR_AUDIENCE_MISMATCH');
    const hint = { claim: 'aud', configured, difference: 'trailing-slash' };
    expect(events.filter((event) => event.type === 'token-refused')).toEqual([
      { type: 'token-refused', code: 'ERR_AUDIENCE_MISMATCH', status: 401, hint },
      { type: 'token-refused', code: 'ERR_AUDIENCE_MISMATCH', status: 401, hint },
      { type: 'token-refused', code: 'ERR_AUDIENCE_MISMATCH', status: 401 },
    ]);
  });

  it('names the claim of ERR_CLAIM_INVALID, never its value', async () => {
    const { events, listener } = recorder();
    const verifier = createVerifier({
      issuer: issuer.issuer,
      audience: issuer.audience,
      claims: { token_use: 'access', tid: (value) => value === 'tenant-a' },
      events: listener,
    });
    const wrongTenant = await issuer.mint({
      claims: { token_use: 'access', tid: 'secret-tenant' },
    });
    expect(await codeOf(verifier.verify(wrongTenant))).toBe('ERR_CLAIM_INVALID');
    const noUse = await issuer.mint({ claims: { tid: 'tenant-a' } });
    expect(await codeOf(verifier.verify(noUse))).toBe('ERR_CLAIM_INVALID');
    const badExp = await issuer.mint({
      claims: { exp: 'never-secret' as unknown as number, token_use: 'access', tid: 'tenant-a' },
    });
    expect(await codeOf(verifier.verify(badExp))).toBe('ERR_CLAIM_INVALID');
    expect(events.filter((event) => event.type === 'token-refused')).toEqual([
      { type: 'token-refused', code: 'ERR_CLAIM_INVALID', status: 401, claim: 'tid' },
      { type: 'token-refused', code: 'ERR_CLAIM_INVALID', status: 401, claim: 'token_use' },
      { type: 'token-refused', code: 'ERR_CLAIM_INVALID', status: 401, claim: 'exp' },
    ]);
    expect(JSON.stringify(events)).not.toContain('secret-tenant');
    expect(JSON.stringify(events)).not.toContain('never-secret');
  });

  it('names a claim the RFC 9068 profile requires and the token lacks', async () => {
    const { events, listener } = recorder();
    const verifier = createVerifier({
      issuer: issuer.issuer,
      audience: issuer.audience,
      profile: 'rfc9068',
      events: listener,
    });
    const token = await issuer.mint({ header: { typ: 'at+jwt' } });
    expect(await codeOf(verifier.verify(token))).toBe('ERR_CLAIM_INVALID');
    expect(events.find((event) => event.type === 'token-refused')).toEqual({
      type: 'token-refused',
      code: 'ERR_CLAIM_INVALID',
      status: 401,
      claim: 'client_id',
    });
  });
});
