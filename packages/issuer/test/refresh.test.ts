/**
 * Refresh tokens through `createTokenIssuer`: the pair, rotation on every use, the reuse
 * grace, reuse detection, lifetimes, DPoP binding, scope narrowing and revocation.
 */
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { IssuerError, type IssuerEvent } from '../src/index.js';
import { fakeClock, issuerOn } from './helpers.js';
import { recordingStore } from './recording-store.js';

const JKT = 'A'.repeat(43);
const OTHER_JKT = 'B'.repeat(43);

function setUp() {
  const clock = fakeClock(Date.now());
  const recorded = recordingStore();
  const events: IssuerEvent[] = [];
  const tokens = issuerOn(recorded.store, {
    now: clock.now,
    onEvent: (event) => events.push(event),
    refreshToken: { idleTtl: '1d', absoluteTtl: '7d', reuseGrace: '10s' },
  });
  return { clock, tokens, events, ...recorded };
}

async function refusal(call: Promise<unknown>) {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IssuerError);
  return error as IssuerError;
}

describe('issue() starts a refresh-token family', () => {
  it('answers the whole pair with an opaque, prefixed refresh token', async () => {
    const { tokens } = setUp();
    const pair = await tokens.issue({ sub: 'alice', scope: 'read write' });
    expect(pair.tokenType).toBe('Bearer');
    expect(pair.expiresIn).toBe(300);
    expect(pair.scope).toBe('read write');
    expect(pair.refreshToken).toMatch(/^jgr_[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(pair.refreshExpiresIn).toBe(86_400);
    const { payload } = await jwtVerify(pair.accessToken, createLocalJWKSet(await tokens.jwks()));
    expect(payload.sub).toBe('alice');
  });

  it('stores no refresh token raw, only its hash', async () => {
    const { tokens, written } = setUp();
    const pair = await tokens.issue({ sub: 'alice' });
    const next = await tokens.refresh(pair.refreshToken);
    const secrets = [pair.refreshToken, next.refreshToken].map((t) => t.split('.')[1]!);
    for (const value of written) for (const secret of secrets) expect(value).not.toContain(secret);
  });

  it('stores nothing for refused input', async () => {
    const { tokens, written } = setUp();
    await refusal(tokens.issue({ sub: 'alice', claims: { iss: 'x' } }));
    expect(written.filter((v) => v.startsWith('rt:'))).toEqual([]);
  });
});

describe('refresh() rotates on every use', () => {
  it('answers a new refresh token and access token, and the old one then is a predecessor', async () => {
    const { tokens, clock } = setUp();
    const pair = await tokens.issue({ sub: 'alice', scope: 'read' });
    clock.advance(60_000);
    const next = await tokens.refresh(pair.refreshToken);
    expect(next.refreshToken).not.toBe(pair.refreshToken);
    expect(next.accessToken).not.toBe(pair.accessToken);
    expect(decodeJwt(next.accessToken).sub).toBe('alice');
    expect(next.scope).toBe('read');
    const third = await tokens.refresh(next.refreshToken);
    expect(third.refreshToken).not.toBe(next.refreshToken);
  });

  it('gives the immediate predecessor the same successor within the grace', async () => {
    const { tokens, clock } = setUp();
    const pair = await tokens.issue({ sub: 'alice' });
    const next = await tokens.refresh(pair.refreshToken);
    clock.advance(10_000);
    const again = await tokens.refresh(pair.refreshToken);
    expect(again.refreshToken).toBe(next.refreshToken);
    expect(again.accessToken).not.toBe(next.accessToken);
    expect((await tokens.refresh(next.refreshToken)).refreshToken).not.toBe(next.refreshToken);
  });

  it('gives concurrent refreshes of one token one successor', async () => {
    const { tokens } = setUp();
    const pair = await tokens.issue({ sub: 'alice' });
    const results = await Promise.all([1, 2, 3].map(() => tokens.refresh(pair.refreshToken)));
    expect(new Set(results.map((r) => r.refreshToken)).size).toBe(1);
  });

  it('revokes the family and its access tokens on reuse after the grace', async () => {
    const { tokens, clock, events } = setUp();
    const pair = await tokens.issue({ sub: 'alice' });
    const next = await tokens.refresh(pair.refreshToken);
    clock.advance(10_001);
    const error = await refusal(tokens.refresh(pair.refreshToken));
    expect(error.code).toBe('ERR_REFRESH_TOKEN_REUSED');
    expect(error.oauthError).toBe('invalid_grant');
    expect(events).toEqual([
      { type: 'refresh-reuse-detected', familyId: expect.any(String), generation: 2 },
    ]);
    for (const issued of [pair, next]) {
      expect(await tokens.isRevoked(decodeJwt(issued.accessToken))).toBe(true);
    }
    expect((await refusal(tokens.refresh(next.refreshToken))).code).toBe(
      'ERR_REFRESH_TOKEN_INVALID',
    );
  });

  it('treats an older generation as reuse even within the grace', async () => {
    const { tokens } = setUp();
    const first = await tokens.issue({ sub: 'alice' });
    const second = await tokens.refresh(first.refreshToken);
    const third = await tokens.refresh(second.refreshToken);
    expect((await refusal(tokens.refresh(first.refreshToken))).code).toBe(
      'ERR_REFRESH_TOKEN_REUSED',
    );
    expect((await refusal(tokens.refresh(third.refreshToken))).code).toBe(
      'ERR_REFRESH_TOKEN_INVALID',
    );
  });

  it('refuses garbage and a wrong secret under a known family without revoking it', async () => {
    const { tokens, events } = setUp();
    const pair = await tokens.issue({ sub: 'alice' });
    const forged = `${pair.refreshToken.split('.')[0]}.${'x'.repeat(43)}`;
    for (const bad of ['', 'nope', forged, 42 as unknown as string]) {
      expect((await refusal(tokens.refresh(bad))).code).toBe('ERR_REFRESH_TOKEN_INVALID');
    }
    await tokens.revoke(forged);
    expect(events).toEqual([]);
    expect((await tokens.refresh(pair.refreshToken)).refreshToken).toMatch(/^jgr_/);
  });

  it('ends a family after its idle and its absolute lifetime', async () => {
    const { tokens, clock } = setUp();
    const idle = await tokens.issue({ sub: 'alice' });
    clock.advance(86_400_001);
    expect((await refusal(tokens.refresh(idle.refreshToken))).code).toBe(
      'ERR_REFRESH_TOKEN_INVALID',
    );
    let token = (await tokens.issue({ sub: 'alice' })).refreshToken;
    // Used within every idle period, still ended 7 days after login.
    for (let day = 0; day < 7; day += 1) {
      clock.advance(86_000_000);
      token = (await tokens.refresh(token)).refreshToken;
    }
    clock.advance(3_000_000);
    expect((await refusal(tokens.refresh(token))).code).toBe('ERR_REFRESH_TOKEN_INVALID');
  });

  it('needs the same DPoP key for a bound family (RFC 9449 §5)', async () => {
    const { tokens } = setUp();
    const pair = await tokens.issue({ sub: 'alice', dpopJkt: JKT });
    expect(pair.tokenType).toBe('DPoP');
    for (const options of [{}, { dpopJkt: OTHER_JKT }]) {
      const error = await refusal(tokens.refresh(pair.refreshToken, options));
      expect(error.code).toBe('ERR_REFRESH_DPOP_MISMATCH');
      expect(error.oauthError).toBe('invalid_grant');
    }
    const next = await tokens.refresh(pair.refreshToken, { dpopJkt: JKT });
    expect(decodeJwt(next.accessToken).cnf).toEqual({ jkt: JKT });
  });

  it('lets scope only narrow (RFC 6749 §6)', async () => {
    const { tokens } = setUp();
    const pair = await tokens.issue({ sub: 'alice', scope: 'read write' });
    const error = await refusal(tokens.refresh(pair.refreshToken, { scope: 'read admin' }));
    expect(error.code).toBe('ERR_SCOPE_WIDENED');
    expect(error.oauthError).toBe('invalid_scope');
    const narrow = await tokens.refresh(pair.refreshToken, { scope: 'read' });
    expect(narrow.scope).toBe('read');
    expect(decodeJwt(narrow.accessToken).scope).toBe('read');
    expect((await tokens.refresh(narrow.refreshToken)).scope).toBe('read write');
  });

  it('never puts a token in an error message', async () => {
    const { tokens, clock } = setUp();
    const pair = await tokens.issue({ sub: 'alice' });
    await tokens.refresh(pair.refreshToken);
    clock.advance(60_000);
    const error = await refusal(tokens.refresh(pair.refreshToken));
    expect(error.message).not.toContain(pair.refreshToken.split('.')[1]);
    expect(error.message).not.toContain(pair.refreshToken.split('.')[0]);
  });
});

describe('revoke() and revokeAll()', () => {
  it('revokes the whole family and its access tokens; unknown tokens are no error', async () => {
    const { tokens } = setUp();
    const pair = await tokens.issue({ sub: 'alice' });
    const next = await tokens.refresh(pair.refreshToken);
    await tokens.revoke(pair.refreshToken);
    expect((await refusal(tokens.refresh(next.refreshToken))).code).toBe(
      'ERR_REFRESH_TOKEN_INVALID',
    );
    expect(await tokens.isRevoked(decodeJwt(next.accessToken))).toBe(true);
    await expect(tokens.revoke('jgr_unknown')).resolves.toBeUndefined();
    await expect(tokens.revoke(next.refreshToken)).resolves.toBeUndefined();
  });

  it('revokes every family of one subject and no other', async () => {
    const { tokens } = setUp();
    const phone = await tokens.issue({ sub: 'alice' });
    const laptop = await tokens.issue({ sub: 'alice' });
    const bob = await tokens.issue({ sub: 'bob' });
    await tokens.revokeAll('alice');
    for (const pair of [phone, laptop]) {
      expect((await refusal(tokens.refresh(pair.refreshToken))).code).toBe(
        'ERR_REFRESH_TOKEN_INVALID',
      );
      expect(await tokens.isRevoked(decodeJwt(pair.accessToken))).toBe(true);
    }
    expect(await tokens.isRevoked(decodeJwt(bob.accessToken))).toBe(false);
    expect((await tokens.refresh(bob.refreshToken)).refreshToken).toMatch(/^jgr_/);
  });
});

describe('the store round trips of refresh()', () => {
  it('takes 2 (one read, one compare-and-set) on the normal path', async () => {
    const { tokens, calls } = setUp();
    const pair = await tokens.issue({ sub: 'alice' });
    await tokens.jwks();
    calls.count = 0;
    await tokens.refresh(pair.refreshToken);
    expect(calls.count).toBe(2);
  });
});
