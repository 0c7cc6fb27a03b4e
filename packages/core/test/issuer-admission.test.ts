/**
 * Issue 19 §1.1, unauthenticated issuer churn: tokens naming never-seen issuers that a
 * resolver or preset admits by pattern cost at most the new-issuer fetch budget, are
 * refused with 401 (never 503) beyond it, cannot evict an issuer that has verified a
 * token, and an issuer that proved to be none is remembered and refused without a fetch.
 * Real issuers on loopback; every outbound request is counted through the `fetch` seam.
 */
import { randomUUID } from 'node:crypto';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMemoryStore,
  createVerifier,
  type IssuerResolver,
  JwtGuardError,
  type JwtGuardEvent,
  presets,
  type SharedStore,
  type VerifierOptions,
} from '../src/index.js';
import { codeOf } from './outcome.js';

const AUDIENCE = 'https://api.example.test';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

/** A fetch that notes every URL asked for, then fetches it for real. */
function countingFetch() {
  const urls: string[] = [];
  const counted: typeof fetch = (input, init) => {
    urls.push(String(input));
    return fetch(input, init);
  };
  return { fetch: counted, urls };
}

/** A clock that stands still unless moved: one budget window for the whole test. */
function stillClock() {
  const clock = { ms: Date.now() };
  return { clock, now: () => clock.ms };
}

const tally = (codes: readonly string[]) =>
  codes.reduce<Record<string, number>>((counts, code) => {
    counts[code] = (counts[code] ?? 0) + 1;
    return counts;
  }, {});

// Admits `{origin}/tenants/{name}` on any loopback port, anchored at both ends.
const TENANT_PATTERN = /^http:\/\/127\.0\.0\.1:\d+\/tenants\/[a-z0-9-]+$/;
const tenants: IssuerResolver = (iss) => (TENANT_PATTERN.test(iss) ? {} : undefined);

describe('presets.entra({ tenant: "common" }) under a flood of fresh tenant ids', () => {
  let entra: TestIssuer;
  let origin: string;
  beforeAll(async () => {
    // A real tenant, laid out as Entra lays it out; other tenant ids answer 404 there.
    entra = await createTestIssuer({
      algorithms: ['RS256'],
      audience: AUDIENCE,
      path: `/${TENANT}/v2.0`,
      jwksPath: `/${TENANT}/discovery/v2.0/keys`,
    });
    origin = new URL(entra.issuer).origin;
  });
  afterAll(() => entra.close());

  const tenantToken = (tid: string) =>
    entra.mint({ claims: { iss: `${origin}/${tid}/v2.0`, tid } });

  it('150 junk tokens cost at most the budget, get 401, and the real tenant keeps its keys and cache', async () => {
    const { fetch, urls } = countingFetch();
    const events: JwtGuardEvent[] = [];
    const verifier = createVerifier({
      ...presets.entra({ tenant: 'common', audience: AUDIENCE, authorityHost: origin }),
      fetch,
      now: stillClock().now,
      maxIssuers: 5,
      events: (event) => events.push(event),
    });
    const first = await tenantToken(TENANT);
    expect((await verifier.verify(first)).payload.tid).toBe(TENANT);
    expect(urls).toEqual([entra.jwksUri]);

    const codes: string[] = [];
    let budgetError: unknown;
    for (let i = 0; i < 150; i += 1) {
      const attempt = verifier.verify(await tenantToken(randomUUID()));
      budgetError ??= await attempt.then(
        () => undefined,
        (error: JwtGuardError) => (error.code === 'ERR_ISSUER_BUDGET_EXCEEDED' ? error : undefined),
      );
      codes.push(await codeOf(attempt));
    }
    // The default budget is 10 a minute: the real tenant's fetch took one, 9 junk tenants
    // got a fetch each (a 404: no such tenant, 401), the other 141 were refused unfetched.
    expect(urls).toHaveLength(10);
    expect(tally(codes)).toEqual({ ERR_ISSUER_MISMATCH: 9, ERR_ISSUER_BUDGET_EXCEEDED: 141 });
    expect(budgetError).toBeInstanceOf(JwtGuardError);
    expect(budgetError).toMatchObject({ status: 401, oauthError: 'invalid_token' });

    const refusedByBudget = events.filter((event) => event.type === 'issuer-budget-exceeded');
    expect(refusedByBudget).toHaveLength(141);
    expect(new Set(refusedByBudget.map((event) => JSON.stringify(event)))).toEqual(
      new Set([JSON.stringify({ type: 'issuer-budget-exceeded', origin })]),
    );

    // The real tenant was not pushed out of the five issuers kept: its verification is
    // still reused, and a new token verifies with the keys held (no fetch).
    expect(verifier.reuse(first)).toMatchObject({ token: first });
    expect((await verifier.verify(await tenantToken(TENANT))).payload.tid).toBe(TENANT);
    expect(urls).toHaveLength(10);
    expect(entra.requests.jwks).toBe(1);
  });

  it('an established tenant is never held to the budget: its key rotation is fetched', async () => {
    const { fetch, urls } = countingFetch();
    const verifier = createVerifier({
      ...presets.entra({ tenant: 'common', audience: AUDIENCE, authorityHost: origin }),
      fetch,
      now: stillClock().now,
      jwks: { newIssuerFetchesPerMinute: 1 },
    });
    await verifier.verify(await tenantToken(TENANT));
    // The budget of one is spent by the tenant's first fetch.
    expect(await codeOf(verifier.verify(await tenantToken(randomUUID())))).toBe(
      'ERR_ISSUER_BUDGET_EXCEEDED',
    );
    await entra.rotate();
    try {
      // A new kid: one refetch (RFC 8725 §3.10), budget or not.
      expect((await verifier.verify(await tenantToken(TENANT))).payload.tid).toBe(TENANT);
      expect(urls).toEqual([entra.jwksUri, entra.jwksUri]);
    } finally {
      await entra.rotate();
    }
  });
});

describe('a pattern resolver with discovery', () => {
  let real: TestIssuer;
  let other: TestIssuer;
  let down: TestIssuer;
  beforeAll(async () => {
    const tenant = (name: string) =>
      createTestIssuer({ algorithms: ['ES256'], path: `/tenants/${name}` });
    [real, other, down] = await Promise.all([tenant('real'), tenant('other'), tenant('down')]);
  });
  afterAll(() => Promise.all([real, other, down].map((issuer) => issuer.close())));

  const verifierWith = (extra: Partial<VerifierOptions> = {}) => {
    const { fetch, urls } = countingFetch();
    const { clock, now } = stillClock();
    const events: JwtGuardEvent[] = [];
    const verifier = createVerifier({
      issuer: tenants,
      audience: AUDIENCE,
      fetch,
      now,
      events: (event) => events.push(event),
      ...extra,
    });
    return { verifier, urls, clock, events };
  };
  const junk = (issuer: TestIssuer, name: string = randomUUID()) =>
    issuer.mint({ claims: { iss: `${new URL(issuer.issuer).origin}/tenants/${name}` } });

  it('remembers an issuer whose discovery answers 404: two fetches, then 401s without one', async () => {
    const { verifier, urls, clock } = verifierWith();
    const gone = () => junk(real, 'gone');
    expect(await codeOf(verifier.verify(await gone()))).toBe('ERR_ISSUER_MISMATCH');
    // OpenID Connect Discovery, then RFC 8414: both 404.
    expect(urls).toHaveLength(2);
    for (let i = 0; i < 5; i += 1) {
      expect(await codeOf(verifier.verify(await gone()))).toBe('ERR_ISSUER_MISMATCH');
    }
    expect(urls).toHaveLength(2);
    // Remembered as long as a key set is kept (jwks.cacheMaxAge, 10 minutes by default).
    clock.ms += 600_000;
    expect(await codeOf(verifier.verify(await gone()))).toBe('ERR_ISSUER_MISMATCH');
    expect(urls).toHaveLength(4);
  });

  it('remembers an issuer whose metadata names another: one fetch, then 401s without one', async () => {
    const { verifier, urls } = verifierWith({
      issuer: (iss) => (iss === `${other.issuer}/` ? {} : undefined),
    });
    const slash = () => other.mint({ claims: { iss: `${other.issuer}/` } });
    expect(await codeOf(verifier.verify(await slash()))).toBe('ERR_ISSUER_MISMATCH');
    expect(await codeOf(verifier.verify(await slash()))).toBe('ERR_ISSUER_MISMATCH');
    expect(urls).toEqual([`${other.issuer}/.well-known/openid-configuration`]);
  });

  it('a never-seen issuer that is down is an outage: 503, not remembered', async () => {
    const { verifier, urls, clock } = verifierWith();
    down.setOutage(true);
    try {
      expect(await codeOf(verifier.verify(await down.mint()))).toBe('ERR_KEYS_UNAVAILABLE');
      // Within the backoff: no fetch, still 503.
      expect(await codeOf(verifier.verify(await down.mint()))).toBe('ERR_KEYS_UNAVAILABLE');
      expect(urls).toHaveLength(2);
    } finally {
      down.setOutage(false);
    }
    clock.ms += 1_000;
    expect((await verifier.verify(await down.mint())).payload.iss).toBe(down.issuer);
  });

  it('emits the budget refusal with the origin only', async () => {
    const { verifier, events } = verifierWith({ jwks: { newIssuerFetchesPerMinute: 0 } });
    const token = await junk(real, 'secret-tenant-name');
    expect(await codeOf(verifier.verify(token))).toBe('ERR_ISSUER_BUDGET_EXCEEDED');
    expect(events).toContainEqual({
      type: 'issuer-budget-exceeded',
      origin: new URL(real.issuer).origin,
    });
    expect(events).toContainEqual({
      type: 'token-refused',
      code: 'ERR_ISSUER_BUDGET_EXCEEDED',
      status: 401,
    });
    const budgetEvents = JSON.stringify(events.filter((e) => e.type === 'issuer-budget-exceeded'));
    expect(budgetEvents).not.toContain('secret-tenant-name');
    expect(budgetEvents).not.toContain(token.slice(0, 20));
  });

  it('a budget of 0 fetches nothing for a new issuer; a fixed list is never held to it', async () => {
    const resolved = verifierWith({ jwks: { newIssuerFetchesPerMinute: 0 } });
    expect(await codeOf(resolved.verifier.verify(await real.mint()))).toBe(
      'ERR_ISSUER_BUDGET_EXCEEDED',
    );
    expect(resolved.urls).toEqual([]);
    const listed = verifierWith({ issuer: [real.issuer], jwks: { newIssuerFetchesPerMinute: 0 } });
    expect((await listed.verifier.verify(await real.mint())).payload.iss).toBe(real.issuer);
    expect(listed.urls).toHaveLength(2);
  });

  it.each([-1, 1.5, Number.NaN, '3', null])(
    'newIssuerFetchesPerMinute %j is a TypeError at creation',
    (value) => {
      expect(() =>
        createVerifier({
          issuer: tenants,
          audience: AUDIENCE,
          jwks: { newIssuerFetchesPerMinute: value as number },
        }),
      ).toThrow(TypeError);
      expect(() =>
        createVerifier({
          issuer: tenants,
          audience: AUDIENCE,
          jwks: { newIssuerFetchesPerMinute: value as number },
        }),
      ).toThrow(/option "jwks\.newIssuerFetchesPerMinute"/);
    },
  );

  describe('fleet-wide through a store', () => {
    // Two instances of one API, sending junk tokens in turn; each junk issuer costs two
    // fetches (both discovery documents answer 404).
    async function flood(storeOf: () => SharedStore | undefined) {
      const { fetch, urls } = countingFetch();
      const { now } = stillClock();
      const instances = [0, 1].map(() =>
        createVerifier({
          issuer: tenants,
          audience: AUDIENCE,
          fetch,
          now,
          store: storeOf(),
          jwks: { newIssuerFetchesPerMinute: 4 },
        }),
      );
      const codes: string[] = [];
      for (let i = 0; i < 20; i += 1) {
        codes.push(await codeOf(instances[i % 2]!.verify(await junk(real))));
      }
      return { urls, codes: tally(codes) };
    }

    it('one budget for the fleet with a shared store', async () => {
      const store = createMemoryStore();
      const { urls, codes } = await flood(() => store);
      expect(urls).toHaveLength(4);
      expect(codes).toEqual({ ERR_ISSUER_MISMATCH: 2, ERR_ISSUER_BUDGET_EXCEEDED: 18 });
    });

    it('one budget per instance without a store', async () => {
      const { urls, codes } = await flood(() => undefined);
      expect(urls).toHaveLength(8);
      expect(codes).toEqual({ ERR_ISSUER_MISMATCH: 4, ERR_ISSUER_BUDGET_EXCEEDED: 16 });
    });

    it('a store that fails: each instance keeps to its own budget', async () => {
      const failing: SharedStore = {
        get: () => Promise.reject(new Error('store down')),
        set: () => Promise.reject(new Error('store down')),
        setIfAbsent: () => Promise.reject(new Error('store down')),
      };
      const { urls, codes } = await flood(() => failing);
      expect(urls).toHaveLength(8);
      expect(codes).toEqual({ ERR_ISSUER_MISMATCH: 4, ERR_ISSUER_BUDGET_EXCEEDED: 16 });
    });
  });
});
