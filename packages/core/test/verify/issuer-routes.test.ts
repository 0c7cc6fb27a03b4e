/**
 * Routes under a resolver that answers per request (issue 19 §3): a route, and the
 * verifications cached under it, are reused only while the resolver's answer is equal in
 * every field, inside arrays too; a changed `jwksUri`, key source, secret or claim mapping
 * builds a new route; async resolvers that succeed route as sync ones do.
 */
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../src/authenticator.js';
import {
  createVerifier,
  type IssuerConfig,
  type JwtGuardEvent,
  type KeySource,
} from '../../src/index.js';
import { hmacToken } from '../forge.js';
import { codeOf } from '../outcome.js';

let a: TestIssuer;
let b: TestIssuer;
const SHARED = 'https://shared.example.test';

beforeAll(async () => {
  [a, b] = await Promise.all([
    createTestIssuer({ algorithms: ['ES256'], path: '/routes-a' }),
    createTestIssuer({ algorithms: ['ES256'], path: '/routes-b' }),
  ]);
});
afterAll(() => Promise.all([a, b].map((issuer) => issuer.close())));

interface TenantRequest {
  readonly tenant: string;
}

/** A verifier whose resolver answers for a's issuer with `configOf(tenant)`, counting routes built. */
function perTenant(configOf: (tenant: string) => IssuerConfig | Promise<IssuerConfig>) {
  const events: JwtGuardEvent[] = [];
  const verifier = createVerifier({
    audience: SHARED,
    issuer: (iss, request) =>
      iss === a.issuer || iss === 'https://hr.example.test/'
        ? configOf((request as TenantRequest).tenant)
        : undefined,
    events: (event) => events.push(event),
  });
  const verify = (token: string, tenant: string) => verifier.verify(token, { request: { tenant } });
  const built = () => events.filter((event) => event.type === 'issuer-resolved').length;
  const cachedHits = () =>
    events.filter((event) => event.type === 'token-accepted' && event.cached).length;
  return { verify, built, cachedHits };
}

describe('route equality under a per-request resolver', () => {
  it.each([
    [
      'audience',
      (tenant: string): IssuerConfig => ({ audience: [SHARED, `https://${tenant}.api.test`] }),
      { aud: 'https://tenant-a.api.test' },
      'ERR_AUDIENCE_MISMATCH',
    ],
    [
      'algorithms',
      (tenant: string): IssuerConfig => ({
        algorithms: tenant === 'tenant-a' ? ['ES256', 'RS256'] : ['PS256', 'RS256'],
      }),
      {},
      'ERR_ALGORITHM_NOT_ALLOWED',
    ],
    [
      'a claim check',
      (tenant: string): IssuerConfig => ({ claims: { tid: [tenant, 'tenant-z'] } }),
      { tid: 'tenant-a' },
      'ERR_CLAIM_INVALID',
    ],
  ] as const)(
    'tenant B never reuses tenant A’s verification when they differ inside %s',
    async (_n, configOf, claims, code) => {
      const { verify, built } = perTenant(configOf);
      const token = await a.mint({ claims: { aud: SHARED, ...claims } });
      expect((await verify(token, 'tenant-a')).payload.iss).toBe(a.issuer);
      expect(await codeOf(verify(token, 'tenant-b'))).toBe(code);
      // And back: tenant A's own answer still accepts it.
      expect((await verify(token, 'tenant-a')).payload.iss).toBe(a.issuer);
      expect(built()).toBe(3);
    },
  );

  it('a predicate made anew in every answer is a new check: the route is built again, never reused', async () => {
    const secret = () => new TextEncoder().encode('0123456789abcdef0123456789abcdef!');
    const { verify, built, cachedHits } = perTenant(() => ({
      audience: [SHARED],
      algorithms: ['HS256'],
      claims: { tid: ['t1', 't2'], scope: (value: unknown) => typeof value === 'string' },
      rolesClaim: ['realm_access', 'roles'],
      scopesClaim: 'scp',
      secret: secret(),
    }));
    const now = Math.floor(Date.now() / 1000);
    const token = hmacToken(
      { alg: 'HS256' },
      { iss: 'https://hr.example.test/', aud: SHARED, tid: 't1', scope: 'x', exp: now + 60 },
      Buffer.from(secret()),
    );
    for (let i = 0; i < 3; i += 1) {
      expect(await codeOf(verify(token, 'any'))).toBe('resolved');
    }
    // A function is equal only to itself: each answer's new predicate builds its route
    // (a cache hit asks once, then the full verification asks again).
    expect(built()).toBe(5);
    expect(cachedHits()).toBe(0);
  });

  it('equal answers, arrays and bytes included, build one route', async () => {
    const secret = () => new TextEncoder().encode('0123456789abcdef0123456789abcdef!');
    const { verify, built, cachedHits } = perTenant(() => ({
      audience: [SHARED],
      algorithms: ['HS256', 'HS384'],
      claims: { tid: ['t1', 't2'], level: 3 },
      rolesClaim: ['realm_access', 'roles'],
      scopesClaim: 'scp',
      secret: secret(),
    }));
    const now = Math.floor(Date.now() / 1000);
    const token = hmacToken(
      { alg: 'HS256' },
      { iss: 'https://hr.example.test/', aud: SHARED, tid: 't1', level: 3, exp: now + 60 },
      Buffer.from(secret()),
    );
    for (let i = 0; i < 3; i += 1) expect(await codeOf(verify(token, 'any'))).toBe('resolved');
    expect(built()).toBe(1);
    expect(cachedHits()).toBe(2);
  });

  it.each([
    [
      'rolesClaim',
      { rolesClaim: ['realm_access', 'roles'] },
      { rolesClaim: ['realm_access', 'groups'] },
    ],
    ['scopesClaim', { scopesClaim: 'scp' }, { scopesClaim: 'permissions' }],
    ['a claim list', { claims: { tid: ['t1', 't2'] } }, { claims: { tid: ['t1', 't3'] } }],
    ['a claim name', { claims: { tid: 't1' } }, { claims: { org: 't1' } }],
    ['claims given or not', { claims: { tid: 't1' } }, {}],
  ] as const)('a changed %s builds a new route', async (_n, first, second) => {
    let answer: IssuerConfig = first;
    const { verify, built } = perTenant(() => answer);
    const token = await a.mint({ claims: { aud: SHARED, tid: 't1', org: 't1' } });
    await verify(token, 'x');
    answer = second;
    await verify(token, 'x');
    expect(built()).toBe(2);
  });

  it('a secret with other bytes of the same length builds a new route: the old one’s tokens stop', async () => {
    let secret = '0123456789abcdef0123456789abcdef-one';
    const { verify, built } = perTenant(() => ({ secret: new TextEncoder().encode(secret) }));
    const now = Math.floor(Date.now() / 1000);
    const token = hmacToken(
      { alg: 'HS256' },
      { iss: 'https://hr.example.test/', aud: SHARED, exp: now + 60 },
      secret,
    );
    expect(await codeOf(verify(token, 'x'))).toBe('resolved');
    secret = '0123456789abcdef0123456789abcdef-two';
    expect(await codeOf(verify(token, 'x'))).toBe('ERR_SIGNATURE_INVALID');
    expect(built()).toBe(2);
  });

  it('a resolver that changes jwksUri is obeyed: the new set is fetched, the old set’s tokens stop', async () => {
    let jwksUri = a.jwksUri;
    const { verify, built } = perTenant(() => ({ jwksUri }));
    const token = await a.mint({ claims: { aud: SHARED } });
    const before = { a: a.requests.jwks, b: b.requests.jwks };
    expect(await codeOf(verify(token, 'x'))).toBe('resolved');
    expect(a.requests.jwks - before.a).toBe(1);
    jwksUri = b.jwksUri;
    expect(await codeOf(verify(token, 'x'))).toMatch(/^(ERR_KEY_NOT_FOUND|ERR_SIGNATURE_INVALID)$/);
    expect(b.requests.jwks - before.b).toBeGreaterThan(0);
    expect(built()).toBe(2);
    // A token signed with b's keys, claiming a's issuer, verifies only under the new set.
    expect(
      await codeOf(verify(await b.mint({ claims: { iss: a.issuer, aud: SHARED } }), 'x')),
    ).toBe('resolved');
  });

  it('a resolver that swaps the key source is obeyed', async () => {
    const sourceOf = (issuer: TestIssuer): KeySource => ({
      getKey: async (header) => {
        const key = issuer.keys.find((one) => one.kid === header.kid);
        if (!key) throw new Error('no such key');
        return { key: key.publicKey, id: key.kid };
      },
    });
    const [fromA, fromB] = [sourceOf(a), sourceOf(b)];
    let keySource = fromA;
    const { verify, built } = perTenant(() => ({ keySource }));
    const token = await a.mint({ claims: { aud: SHARED } });
    expect(await codeOf(verify(token, 'x'))).toBe('resolved');
    expect(await codeOf(verify(token, 'x'))).toBe('resolved');
    expect(built()).toBe(1);
    keySource = fromB;
    await expect(verify(token, 'x')).rejects.toThrow();
    expect(built()).toBe(2);
  });
});

describe('what makes a route new', () => {
  const hr = (secret: string | Uint8Array, claims: object = {}) =>
    hmacToken(
      { alg: 'HS256' },
      {
        iss: 'https://hr.example.test/',
        aud: SHARED,
        exp: Math.floor(Date.now() / 1000) + 60,
        ...claims,
      },
      typeof secret === 'string' ? secret : Buffer.from(secret),
    );
  const SECRET = '0123456789abcdef0123456789abcdef-one';

  type Secret = () => string | Uint8Array;
  const secretChanges: [string, Secret, Secret, number][] = [
    ['the same string secret', () => SECRET, () => SECRET, 1],
    [
      'another string secret of the same length',
      () => SECRET,
      () => SECRET.replace('one', 'two'),
      2,
    ],
    [
      'a string secret, then the same bytes',
      () => SECRET,
      () => new TextEncoder().encode(SECRET),
      2,
    ],
    [
      'the same bytes, then longer bytes that begin alike',
      () => new TextEncoder().encode(SECRET),
      () => new TextEncoder().encode(`${SECRET}-more`),
      2,
    ],
  ];
  it.each(secretChanges)('%s', async (_n, first, second, routes) => {
    let secret = first;
    const { verify, built } = perTenant(() => ({ secret: secret() }));
    expect(await codeOf(verify(hr(first()), 'x'))).toBe('resolved');
    secret = second;
    expect(await codeOf(verify(hr(second()), 'x'))).toBe('resolved');
    expect(built()).toBe(routes);
  });

  it.each([
    [
      'a roles path, then the claim named by its letters',
      { rolesClaim: ['g', 's'] },
      { rolesClaim: 'gs' },
    ],
    [
      'one audience, then that one and another',
      { audience: [SHARED] },
      { audience: [SHARED, 'https://x.test'] },
    ],
    ['no claim checks, then some', {}, { claims: { tid: 't1' } }],
    [
      'one claim check, then that one and another',
      { claims: { tid: 't1' } },
      { claims: { tid: 't1', org: 't1' } },
    ],
  ] as const)('%s builds a new route', async (_n, first, second) => {
    let answer: IssuerConfig = first;
    const { verify, built } = perTenant(() => answer);
    const token = await a.mint({ claims: { aud: SHARED, tid: 't1', org: 't1' } });
    expect(await codeOf(verify(token, 'x'))).toBe('resolved');
    answer = second;
    expect(await codeOf(verify(token, 'x'))).toBe('resolved');
    expect(built()).toBe(2);
  });

  it('other algorithms build another key set: the issuer’s keys for them are loaded', async () => {
    const both = await createTestIssuer({ algorithms: ['ES256', 'RS256'], path: '/routes-both' });
    try {
      let algorithms = ['ES256'];
      const verifier = createVerifier({
        audience: SHARED,
        issuer: (iss) => (iss === both.issuer ? { algorithms } : undefined),
      });
      const rs256 = await both.mint({ alg: 'RS256', claims: { aud: SHARED } });
      expect(await codeOf(verifier.verify(rs256))).toBe('ERR_ALGORITHM_NOT_ALLOWED');
      expect(
        await codeOf(verifier.verify(await both.mint({ alg: 'ES256', claims: { aud: SHARED } }))),
      ).toBe('resolved');
      algorithms = ['RS256'];
      expect(await codeOf(verifier.verify(rs256))).toBe('resolved');
    } finally {
      await both.close();
    }
  });

  it('an iss that is no URL, with a secret or key source of its own, is never fetched and verifies', async () => {
    const fetched: string[] = [];
    const keySource: KeySource = {
      getKey: async (header) => {
        const key = a.keys.find((one) => one.kid === header.kid);
        if (!key) throw new Error('no such key');
        return { key: key.publicKey, id: key.kid };
      },
    };
    const verifier = createVerifier({
      audience: SHARED,
      issuer: (iss) =>
        iss === 'hr-app' ? { secret: SECRET } : iss === 'orders-app' ? { keySource } : undefined,
      fetch: async (input) => {
        fetched.push(String(input));
        return new Response('{}', { status: 500 });
      },
    });
    const hrToken = hmacToken(
      { alg: 'HS256' },
      { iss: 'hr-app', aud: SHARED, exp: Math.floor(Date.now() / 1000) + 60 },
      SECRET,
    );
    expect(await codeOf(verifier.verify(hrToken))).toBe('resolved');
    expect(
      await codeOf(verifier.verify(await a.mint({ claims: { iss: 'orders-app', aud: SHARED } }))),
    ).toBe('resolved');
    expect(fetched).toEqual([]);
  });

  it.each([
    ['node:crypto', true, true],
    ['WebCrypto', false, false],
  ] as const)(
    'a listed issuer’s own key source serves the %s path',
    async (_path, nodeCrypto, peeks) => {
      const asked = { peek: 0, get: 0 };
      const find = (kid: unknown) => {
        const key = a.keys.find((one) => one.kid === kid);
        return key && { key: key.publicKey, id: key.kid };
      };
      const keySource: KeySource = {
        peekKey: (header) => {
          asked.peek += 1;
          return find(header.kid);
        },
        getKey: async (header) => {
          asked.get += 1;
          const found = find(header.kid);
          if (!found) throw new Error('no such key');
          return found;
        },
      };
      const verifier = createVerifier({
        audience: SHARED,
        nodeCrypto,
        issuer: [{ issuer: a.issuer, keySource }, b.issuer],
      });
      // A key source without `warm` is fine for ready(): there is nothing to load.
      const ready = createVerifier({ audience: SHARED, issuer: [{ issuer: a.issuer, keySource }] });
      await expect(ready.ready()).resolves.toBeUndefined();
      expect(await codeOf(verifier.verify(await a.mint({ claims: { aud: SHARED } })))).toBe(
        'resolved',
      );
      // node:crypto asks the source synchronously first; jose asks it asynchronously.
      expect(asked.peek > 0).toBe(peeks);
      expect(asked.peek + asked.get).toBeGreaterThan(0);
    },
  );
});

describe('async resolvers', () => {
  it('one that succeeds: verifies, and a cache hit asks again and is reused under the same route', async () => {
    const asked: string[] = [];
    const { verify, built, cachedHits } = perTenant(async (tenant) => {
      asked.push(tenant);
      await new Promise((resolve) => setTimeout(resolve, 2));
      return { audience: [SHARED] };
    });
    const token = await a.mint({ claims: { aud: SHARED } });
    expect((await verify(token, 't1')).payload.iss).toBe(a.issuer);
    expect((await verify(token, 't1')).payload.iss).toBe(a.issuer);
    expect(asked).toEqual(['t1', 't1']);
    expect(built()).toBe(1);
    expect(cachedHits()).toBe(1);
  });

  it('one that resolves undefined refuses, and one that rejects is 503', async () => {
    const events: JwtGuardEvent[] = [];
    const refusing = createVerifier({
      audience: SHARED,
      issuer: async () => undefined,
      events: (event) => events.push(event),
    });
    expect(await codeOf(refusing.verify(await a.mint({ claims: { aud: SHARED } })))).toBe(
      'ERR_ISSUER_MISMATCH',
    );
    // Not trusted: the event says so, with no URL-policy reason.
    expect(events).toContainEqual({ type: 'issuer-refused' });
    const failing = createVerifier({
      audience: SHARED,
      issuer: async () => {
        throw new Error('tenant service down');
      },
    });
    expect(await codeOf(failing.verify(await a.mint({ claims: { aud: SHARED } })))).toBe(
      'ERR_ISSUER_UNAVAILABLE',
    );
  });

  it('a TypeError from a resolver stays a TypeError, sync or async', async () => {
    for (const issuer of [
      () => {
        throw new TypeError('bad tenant table');
      },
      async () => {
        throw new TypeError('bad tenant table');
      },
    ]) {
      const verifier = createVerifier({ audience: SHARED, issuer });
      await expect(
        verifier.verify(await a.mint({ claims: { aud: SHARED } })),
      ).rejects.toBeInstanceOf(TypeError);
    }
  });

  it('an iss that is no string is refused without a listener too', async () => {
    const verifier = createVerifier({ audience: SHARED, issuer: () => ({}) });
    const token = await a.mint({ claims: { aud: SHARED, iss: 42 as unknown as string } });
    expect(await codeOf(verifier.verify(token))).toBe('ERR_ISSUER_MISMATCH');
    const listed = createVerifier({ audience: SHARED, issuer: [a.issuer] });
    expect(await codeOf(listed.verify(token))).toBe('ERR_ISSUER_MISMATCH');
  });

  it('an iss that is no string, or empty, is refused without asking', async () => {
    const asked: unknown[] = [];
    const events: JwtGuardEvent[] = [];
    const verifier = createVerifier({
      audience: SHARED,
      issuer: (iss) => {
        asked.push(iss);
        return {};
      },
      events: (event) => events.push(event),
    });
    for (const iss of [42, '', null]) {
      const token = await a.mint({ claims: { aud: SHARED, iss: iss as string } });
      expect(await codeOf(verifier.verify(token))).toBe('ERR_ISSUER_MISMATCH');
    }
    expect(asked).toEqual([]);
    expect(events.filter((event) => event.type === 'issuer-refused')).toHaveLength(3);
  });
});

describe('an issuer resolver on cache hits', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer({ algorithms: ['ES256'] });
  });
  afterAll(() => issuer.close());

  it('is asked again: a token cached for one request is refused where the resolver refuses', async () => {
    let trusted = true;
    const verifier = createVerifier({
      audience: issuer.audience,
      issuer: () => (trusted ? {} : undefined),
    });
    const token = await issuer.mint();
    await verifier.verify(token);
    expect(verifier.reuse(token)).toMatchObject({ token });
    trusted = false;
    expect(await codeOf(verifier.verify(token))).toBe('ERR_ISSUER_MISMATCH');
    expect(() => verifier.reuse(token)).toThrow(
      expect.objectContaining({ code: 'ERR_ISSUER_MISMATCH' }),
    );
  });

  it('holds each request to the config it gives for that request, and forgets nothing between them', async () => {
    // A tenant in the host name: host a accepts audience a, host b audience b.
    const configs: Record<string, IssuerConfig> = {
      a: { audience: 'aud-a' },
      b: { audience: 'aud-b' },
    };
    const authenticator = createAuthenticator<{ host: string; authorization: string }>(
      {
        audience: 'unused',
        issuer: (_iss, request) => configs[(request as { host: string }).host],
      },
      (request) => ({ authorization: request.authorization }),
    );
    const token = await issuer.mint({ claims: { aud: 'aud-a' } });
    const on = (host: string) =>
      authenticator.authenticate({ host, authorization: `Bearer ${token}` });
    expect((await on('a'))?.token).toBe(token);
    expect(await codeOf(on('b'))).toBe('ERR_AUDIENCE_MISMATCH');
    // The refusal on b is not remembered for a.
    expect((await on('a'))?.token).toBe(token);
  });
});
