/**
 * Several issuers, one verifier: a list or a resolver decides from the unverified `iss`,
 * a refused issuer costs no network call, each trusted issuer has its own key source
 * (bounded in number), and the token cache serves them all under each issuer's rules.
 */
import {
  createTestIssuer,
  encryptToken,
  generateEncryptionKey,
  type TestIssuer,
} from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../src/authenticator.js';
import { createVerifier, type IssuerConfig } from '../../src/index.js';
import { answeringGuard } from '../../src/policy/guard-middlewares.js';
import { createRoleGuard, createScopeGuard } from '../../src/policy/index.js';
import { codeOf, thrownBy } from '../outcome.js';

let a: TestIssuer;
let b: TestIssuer;
let c: TestIssuer;
const AUDIENCE = 'https://api.example.test';

beforeAll(async () => {
  [a, b, c] = await Promise.all([
    createTestIssuer({ algorithms: ['ES256'], path: '/tenant-a' }),
    createTestIssuer({ algorithms: ['RS256'], path: '/tenant-b' }),
    createTestIssuer({ algorithms: ['ES256'], path: '/tenant-c' }),
  ]);
});
afterAll(() => Promise.all([a, b, c].map((issuer) => issuer.close())));

const fetchesOf = (issuer: TestIssuer) => issuer.requests.discovery + issuer.requests.jwks;

describe.each([
  ['node:crypto', true],
  ['WebCrypto', false],
] as const)('several issuers (%s path)', (_path, nodeCrypto) => {
  it('an array: both issuers verify, a third is refused before any network call', async () => {
    const verifier = createVerifier({
      issuer: [a.issuer, b.issuer],
      audience: AUDIENCE,
      nodeCrypto,
    });
    const before = fetchesOf(c);
    expect((await verifier.verify(await a.mint())).payload.iss).toBe(a.issuer);
    expect((await verifier.verify(await b.mint())).payload.iss).toBe(b.issuer);
    // c's token is valid in itself (its keys are published), but c is not trusted.
    expect(await codeOf(verifier.verify(await c.mint()))).toBe('ERR_ISSUER_MISMATCH');
    expect(await codeOf(verifier.verify(await c.mint({ claims: { iss: 'not a url' } })))).toBe(
      'ERR_ISSUER_MISMATCH',
    );
    expect(fetchesOf(c)).toBe(before);
  });

  it('a token claiming a trusted issuer but signed by another is refused by the signature', async () => {
    const verifier = createVerifier({
      issuer: [a.issuer, b.issuer],
      audience: AUDIENCE,
      nodeCrypto,
    });
    // c signs, the token claims a: a's keys do not verify it.
    const forged = await c.mint({ claims: { iss: a.issuer } });
    expect(await codeOf(verifier.verify(forged))).toMatch(
      /ERR_KEY_NOT_FOUND|ERR_SIGNATURE_INVALID/,
    );
  });

  it('a resolver: per-issuer audience, algorithms and claim checks; undefined refuses with no fetch', async () => {
    const asked: string[] = [];
    const verifier = createVerifier({
      nodeCrypto,
      audience: AUDIENCE,
      issuer: (iss) => {
        asked.push(iss);
        if (iss === a.issuer) return { claims: { tid: 'tenant-a' } };
        if (iss === b.issuer)
          return { audience: 'https://other.example.test', algorithms: ['RS256'] };
        return undefined;
      },
    });
    const before = fetchesOf(c);
    expect((await verifier.verify(await a.mint({ claims: { tid: 'tenant-a' } }))).payload.tid).toBe(
      'tenant-a',
    );
    expect(await codeOf(verifier.verify(await a.mint({ claims: { tid: 'tenant-x' } })))).toBe(
      'ERR_CLAIM_INVALID',
    );
    expect(await codeOf(verifier.verify(await a.mint({ omit: ['tid'] })))).toBe(
      'ERR_CLAIM_INVALID',
    );
    expect(await codeOf(verifier.verify(await b.mint()))).toBe('ERR_AUDIENCE_MISMATCH');
    expect(
      (await verifier.verify(await b.mint({ claims: { aud: 'https://other.example.test' } })))
        .payload.iss,
    ).toBe(b.issuer);
    expect(await codeOf(verifier.verify(await c.mint()))).toBe('ERR_ISSUER_MISMATCH');
    expect(fetchesOf(c)).toBe(before);
    expect(asked).toContain(c.issuer);
  });

  it('a resolver that fails answers 503, and its refusals are not remembered', async () => {
    let mode: 'throw' | 'reject' | 'refuse' | 'admit' = 'throw';
    const verifier = createVerifier({
      nodeCrypto,
      audience: AUDIENCE,
      issuer: (): IssuerConfig | undefined | Promise<IssuerConfig | undefined> => {
        if (mode === 'throw') throw new Error('tenant database down');
        if (mode === 'reject') return Promise.reject(new Error('timeout'));
        return mode === 'admit' ? {} : undefined;
      },
    });
    const token = await a.mint();
    const failure = await verifier.verify(token).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'ERR_ISSUER_UNAVAILABLE', status: 503 });
    mode = 'reject';
    expect(await codeOf(verifier.verify(token))).toBe('ERR_ISSUER_UNAVAILABLE');
    mode = 'refuse';
    expect(await codeOf(verifier.verify(token))).toBe('ERR_ISSUER_MISMATCH');
    // The same token, once the resolver trusts its issuer, verifies.
    mode = 'admit';
    expect((await verifier.verify(token)).payload.iss).toBe(a.issuer);
  });

  it('a resolver result that is not valid is a TypeError naming it, not a refusal', async () => {
    const verifier = createVerifier({
      nodeCrypto,
      audience: AUDIENCE,
      issuer: () => ({ audience: [] as string[] }),
    });
    await expect(verifier.verify(await a.mint())).rejects.toThrow(
      /option "issuer resolver result.audience"/,
    );
  });

  it('keeps at most maxIssuers key sources: an evicted issuer fetches its keys again', async () => {
    const verifier = createVerifier({
      nodeCrypto,
      audience: AUDIENCE,
      cache: false,
      maxIssuers: 1,
      issuer: () => ({}),
    });
    const jwksBefore = a.requests.jwks;
    await verifier.verify(await a.mint());
    await verifier.verify(await a.mint());
    expect(a.requests.jwks - jwksBefore).toBe(1);
    await verifier.verify(await b.mint());
    await verifier.verify(await a.mint());
    expect(a.requests.jwks - jwksBefore).toBe(2);
  });

  it('the token cache serves every issuer, each under its own key set', async () => {
    const verifier = createVerifier({
      issuer: [a.issuer, b.issuer],
      audience: AUDIENCE,
      nodeCrypto,
    });
    const fromA = await a.mint();
    const fromB = await b.mint();
    await verifier.verify(fromA);
    await verifier.verify(fromB);
    expect(verifier.reuse(fromA)).toMatchObject({ token: fromA });
    expect(verifier.reuse(fromB)).toMatchObject({ token: fromB });
  });
});

describe('per-issuer policy through the authenticator', () => {
  it('reads roles and scopes where each issuer puts them, and hands the resolver the request', async () => {
    const requests: unknown[] = [];
    const authenticator = createAuthenticator<{ authorization: string; host: string }>(
      {
        audience: AUDIENCE,
        issuer: (iss, request) => {
          requests.push(request);
          if (iss === a.issuer)
            return { rolesClaim: 'realm_access.roles', scopesClaim: 'permissions' };
          if (iss === b.issuer) return {};
          return undefined;
        },
      },
      (request) => ({ authorization: request.authorization }),
    );
    const request = (token: string) => ({ authorization: `Bearer ${token}`, host: 'shop.example' });
    const fromA = await authenticator.authenticate(
      request(
        await a.mint({
          claims: { realm_access: { roles: ['clerk'] }, permissions: ['read:orders'] },
        }),
      ),
    );
    const fromB = await authenticator.authenticate(
      request(await b.mint({ claims: { roles: ['clerk'], scope: 'read:orders' } })),
    );
    expect(requests[0]).toMatchObject({ host: 'shop.example' });
    for (const auth of [fromA, fromB]) {
      expect(thrownBy(() => answeringGuard(createRoleGuard(['clerk']))(auth))).toBeUndefined();
      expect(
        thrownBy(() => answeringGuard(createScopeGuard(['read:orders']))(auth)),
      ).toBeUndefined();
      expect(thrownBy(() => answeringGuard(createScopeGuard(['write:orders']))(auth))?.status).toBe(
        403,
      );
    }
    // a's roles are not read from `roles`, nor b's from `realm_access.roles`.
    const misplaced = await authenticator.authenticate(
      request(await a.mint({ claims: { roles: ['clerk'] } })),
    );
    expect(thrownBy(() => answeringGuard(createRoleGuard(['clerk']))(misplaced))?.status).toBe(403);
  });

  it('a top-level scopesClaim reads scopes from there', async () => {
    const authenticator = createAuthenticator<string>(
      {
        issuer: a.issuer,
        audience: AUDIENCE,
        scopesClaim: (payload) => [payload.scope, payload.permissions],
      },
      (authorization) => ({ authorization }),
    );
    const auth = await authenticator.authenticate(
      `Bearer ${await a.mint({ claims: { scope: 'openid profile', permissions: ['read:orders'] } })}`,
    );
    for (const scope of ['openid', 'profile', 'read:orders']) {
      expect(thrownBy(() => answeringGuard(createScopeGuard([scope]))(auth))).toBeUndefined();
    }
  });
});

describe('claim checks and the RFC 9068 profile', () => {
  it('claims: values, lists, predicates; a throwing predicate fails closed', async () => {
    const verifier = createVerifier({
      issuer: a.issuer,
      audience: AUDIENCE,
      claims: {
        token_use: 'access',
        client_id: ['web', 'cli'],
        level: (value) => typeof value === 'number' && value >= 2,
        boom: () => {
          throw new Error('bug in a predicate');
        },
      },
    });
    const claims = { token_use: 'access', client_id: 'web', level: 2, boom: 1 };
    expect(await codeOf(verifier.verify(await a.mint({ claims })))).toBe('ERR_CLAIM_INVALID');
    const lenient = createVerifier({
      issuer: a.issuer,
      audience: AUDIENCE,
      claims: { token_use: 'access', client_id: ['web', 'cli'], level: (v) => Number(v) >= 2 },
    });
    expect((await lenient.verify(await a.mint({ claims }))).payload.client_id).toBe('web');
    for (const bad of [{ token_use: 'id' }, { client_id: 'other' }, { level: 1 }]) {
      expect(await codeOf(lenient.verify(await a.mint({ claims: { ...claims, ...bad } })))).toBe(
        'ERR_CLAIM_INVALID',
      );
    }
    expect(
      await codeOf(lenient.verify(await a.mint({ claims: { token_use: 'access', level: 3 } }))),
    ).toBe('ERR_CLAIM_INVALID');
  });

  it('refuses claim checks that cannot be compiled, naming the option', () => {
    for (const claims of [[], 'x', { a: [] }, { a: {} }, { a: [{}] }, { a: null }]) {
      expect(() =>
        createVerifier({ issuer: a.issuer, audience: AUDIENCE, claims } as never),
      ).toThrow(/option "claims/);
    }
  });

  it('profile rfc9068: at+jwt and the required claims; an ID token has a code of its own', async () => {
    const verifier = createVerifier({ issuer: a.issuer, audience: AUDIENCE, profile: 'rfc9068' });
    const accessClaims = { client_id: 'web', sub: 'user-1' };
    const at = { header: { typ: 'at+jwt' }, claims: accessClaims };
    expect((await verifier.verify(await a.mint(at))).payload.client_id).toBe('web');
    expect(
      (await verifier.verify(await a.mint({ ...at, header: { typ: 'application/at+jwt' } }))).header
        .typ,
    ).toBe('application/at+jwt');
    // An ID token: typ JWT, or none.
    const idToken = { claims: { nonce: 'n', auth_time: 1, sub: 'user-1' } };
    expect(
      await codeOf(verifier.verify(await a.mint({ ...idToken, header: { typ: 'JWT' } }))),
    ).toBe('ERR_NOT_ACCESS_TOKEN');
    expect(
      await codeOf(verifier.verify(await a.mint({ ...idToken, header: { typ: undefined } }))),
    ).toBe('ERR_NOT_ACCESS_TOKEN');
    for (const missing of ['client_id', 'jti', 'iat', 'sub', 'aud']) {
      expect(await codeOf(verifier.verify(await a.mint({ ...at, omit: [missing] })))).toBe(
        missing === 'aud' ? 'ERR_AUDIENCE_MISMATCH' : 'ERR_CLAIM_INVALID',
      );
    }
    expect(() =>
      createVerifier({ issuer: a.issuer, audience: AUDIENCE, profile: 'rfc7519' as never }),
    ).toThrow(/option "profile"/);
  });
});

describe('options of several issuers', () => {
  it.each([
    [{ issuer: [] }, /option "issuer"/],
    [{ issuer: ['https://a.example/', ''] }, /option "issuer"/],
    [{ issuer: 42 }, /option "issuer"/],
    [
      { issuer: ['https://a.example/', 'https://b.example/'], jwksUri: 'https://a.example/jwks' },
      /option "jwksUri"/,
    ],
    [{ issuer: () => undefined, maxIssuers: 0 }, /option "maxIssuers"/],
    [{ issuer: () => undefined, maxIssuers: 1.5 }, /option "maxIssuers"/],
    [{ issuer: ['https://a.example/', 'ftp://b.example/'] }, /option "issuer"/],
  ])('%j is refused at creation', (options, message) => {
    expect(() => createVerifier({ audience: AUDIENCE, ...options } as never)).toThrow(message);
  });
});

describe('encrypted tokens through the verifier', () => {
  it('decrypts, routes by the inner iss, verifies, and caches by the token as sent', async () => {
    const rs = await generateEncryptionKey('RSA-OAEP-256', { kid: 'rs-1' });
    const verifier = createVerifier({
      issuer: [a.issuer, b.issuer],
      audience: AUDIENCE,
      decryption: { keys: [rs.privateJwk] },
    });
    const jwe = await encryptToken(await b.mint({ claims: { scope: 'read' } }), {
      key: rs.publicJwk,
    });
    expect(jwe.split('.')).toHaveLength(5);
    expect(verifier.reuse(jwe)).toBeUndefined();
    const auth = await verifier.verify(jwe);
    expect(auth).toMatchObject({ token: jwe, payload: { iss: b.issuer, scope: 'read' } });
    // The repeat is answered from the cache, without decrypting (reuse never decrypts).
    expect(verifier.reuse(jwe)).toMatchObject({ token: jwe, payload: { iss: b.issuer } });

    const before = fetchesOf(c);
    const foreign = await encryptToken(await c.mint(), { key: rs.publicJwk });
    expect(await codeOf(verifier.verify(foreign))).toBe('ERR_ISSUER_MISMATCH');
    expect(fetchesOf(c)).toBe(before);
    const expired = await encryptToken(await a.mint({ expiresIn: -60 }), { key: rs.publicJwk });
    expect(await codeOf(verifier.verify(expired))).toBe('ERR_TOKEN_EXPIRED');
    const other = await generateEncryptionKey('RSA-OAEP-256', { kid: 'rs-1' });
    const misdirected = await encryptToken(await a.mint(), { key: other.publicJwk });
    expect(await codeOf(verifier.verify(misdirected))).toBe('ERR_DECRYPTION_FAILED');
    // The failure is remembered, like any definitive one.
    expect(thrownBy(() => verifier.verifyMaybeSync(misdirected))?.code).toBe(
      'ERR_DECRYPTION_FAILED',
    );

    const plain = createVerifier({ issuer: a.issuer, audience: AUDIENCE });
    expect(
      await codeOf(plain.verify(await encryptToken(await a.mint(), { key: rs.publicJwk }))),
    ).toBe('ERR_TOKEN_MALFORMED');
  });
});

describe('the trust-core rules, per issuer', () => {
  it('a key replaced under the same kid stops that issuer’s cached tokens, not the other’s', async () => {
    const [one, two] = await Promise.all([
      createTestIssuer({ algorithms: ['ES256'], path: '/one' }),
      createTestIssuer({ algorithms: ['ES256'], path: '/two' }),
    ]);
    try {
      const clock = { ms: Date.now() };
      const verifier = createVerifier({
        issuer: [one.issuer, two.issuer],
        audience: AUDIENCE,
        now: () => clock.ms,
        jwks: { cacheMaxAge: 1000, cooldownDuration: 1000 },
      });
      const fromOne = await one.mint({ expiresIn: 600 });
      const fromTwo = await two.mint({ expiresIn: 600 });
      await verifier.verify(fromOne);
      await verifier.verify(fromTwo);
      await two.rotate({ sameKid: true });
      clock.ms += 2000;
      // Past freshness: the hits start background refreshes of both sets.
      verifier.reuse(fromOne);
      verifier.reuse(fromTwo);
      const deadline = Date.now() + 2000;
      while (verifier.reuse(fromTwo) !== undefined && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(verifier.reuse(fromTwo)).toBeUndefined();
      expect(await codeOf(verifier.verify(fromTwo))).toBe('ERR_SIGNATURE_INVALID');
      expect(verifier.reuse(fromOne)).toMatchObject({ token: fromOne });
      expect((await verifier.verify(await two.mint())).payload.iss).toBe(two.issuer);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});
