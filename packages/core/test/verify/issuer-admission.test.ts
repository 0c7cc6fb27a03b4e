/**
 * Issue 19 §1.1, unauthenticated issuer churn: tokens naming never-seen issuers that a
 * resolver or preset admits by pattern cost at most the new-issuer fetch budget, are
 * refused with 401 (never 503) beyond it, cannot evict an issuer that has verified a
 * token, and an issuer that proved to be none is remembered and refused without a fetch.
 * Real issuers on loopback; every outbound request is counted through the `fetch` seam.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createError } from '../../src/errors/jwt-guard-error.js';
import {
  createVerifier,
  type IssuerResolver,
  JwtGuardError,
  type JwtGuardEvent,
  type VerifierOptions,
} from '../../src/index.js';
import { FetchJsonError } from '../../src/keys/fetch-json.js';
import { presets } from '../../src/presets/index.js';
import { createMemoryStore, type SharedStore } from '../../src/store/index.js';
import { codeOf } from '../outcome.js';

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
    // The key source's refusal is kept as the cause, for logs.
    expect((budgetError as JwtGuardError).cause).toMatchObject({ code: 'ERR_KEYS_UNAVAILABLE' });

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
    const { verifier, urls, clock, events } = verifierWith();
    const gone = () => junk(real, 'gone');
    const first = await verifier.verify(await gone()).catch((error: JwtGuardError) => error);
    expect(first).toBeInstanceOf(JwtGuardError);
    expect(first).toMatchObject({ code: 'ERR_ISSUER_MISMATCH', status: 401 });
    // The key source's failure is kept as the cause, for logs.
    expect((first as JwtGuardError).cause).toMatchObject({ code: 'ERR_KEYS_UNAVAILABLE' });
    // OpenID Connect Discovery, then RFC 8414: both 404.
    expect(urls).toHaveLength(2);
    // Long past any backoff of its key source, and within jwks.cacheMaxAge (10 minutes).
    clock.ms += 60_000;
    const refusedBefore = events.filter((e) => e.type === 'issuer-refused').length;
    expect(refusedBefore).toBe(1);
    for (let i = 0; i < 5; i += 1) {
      expect(await codeOf(verifier.verify(await gone()))).toBe('ERR_ISSUER_MISMATCH');
    }
    expect(urls).toHaveLength(2);
    expect(events.filter((e) => e.type === 'issuer-refused')).toHaveLength(refusedBefore + 5);
    clock.ms += 540_000;
    expect(await codeOf(verifier.verify(await gone()))).toBe('ERR_ISSUER_MISMATCH');
    expect(urls).toHaveLength(4);
  });

  it('with jwks.cacheMaxAge 0, an issuer that is none is not remembered beyond the backoff', async () => {
    const { verifier, urls, clock } = verifierWith({ jwks: { cacheMaxAge: 0 } });
    const gone = () => junk(real, 'gone-too');
    expect(await codeOf(verifier.verify(await gone()))).toBe('ERR_ISSUER_MISMATCH');
    expect(urls).toHaveLength(2);
    clock.ms += 2_000;
    expect(await codeOf(verifier.verify(await gone()))).toBe('ERR_ISSUER_MISMATCH');
    expect(urls).toHaveLength(4);
  });

  it('remembers an issuer whose metadata names another: one fetch, then 401s without one', async () => {
    // No listener: nothing is emitted, and nothing fails for want of one.
    const { verifier, urls } = verifierWith({
      issuer: (iss) => (iss === `${other.issuer}/` ? {} : undefined),
      events: undefined,
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
    'newIssuerFetchesPerMinute %s is a TypeError at creation',
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

/**
 * A server on 127.0.0.1 whose answer is named in the path: `/…answer-<status>…` answers that
 * status; `/keys` serves `keys()` until `keysGone` is set, then 404.
 */
async function answeringServer(keys: () => unknown) {
  const state = { keysGone: false };
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/keys' && !state.keysGone) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(keys()));
      return;
    }
    const status = Number(/answer-(\d{3})/.exec(url)?.[1] ?? 404);
    res.writeHead(status, status === 302 ? { location: '/elsewhere' } : {}).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { origin, state, close };
}

describe('what an answer says about a never-seen issuer', () => {
  let issuer: TestIssuer;
  let answering: Awaited<ReturnType<typeof answeringServer>>;
  beforeAll(async () => {
    issuer = await createTestIssuer({ algorithms: ['ES256'] });
    answering = await answeringServer(() => issuer.jwks());
  });
  afterAll(() => Promise.all([issuer.close(), answering.close()]));

  const verifierFor = (resolve: IssuerResolver) => {
    const { fetch, urls } = countingFetch();
    const { clock, now } = stillClock();
    const verifier = createVerifier({ issuer: resolve, audience: AUDIENCE, fetch, now });
    return { verifier, urls, clock };
  };
  const claiming = (iss: string) => issuer.mint({ claims: { iss } });

  it.each([
    [400, 'ERR_ISSUER_MISMATCH'],
    [403, 'ERR_ISSUER_MISMATCH'],
    [499, 'ERR_ISSUER_MISMATCH'],
    [302, 'ERR_KEYS_UNAVAILABLE'],
    [408, 'ERR_KEYS_UNAVAILABLE'],
    [429, 'ERR_KEYS_UNAVAILABLE'],
    [500, 'ERR_KEYS_UNAVAILABLE'],
  ])('discovery answering %i: %s', async (status, code) => {
    const { verifier } = verifierFor(tenants);
    const iss = `${answering.origin}/tenants/answer-${status}`;
    expect(await codeOf(verifier.verify(await claiming(iss)))).toBe(code);
  });

  it('a key set URL answering 400 (Entra, for a tenant it does not have) is none too', async () => {
    const iss = `${answering.origin}/tenants/t1`;
    const { verifier, urls } = verifierFor((given) =>
      given === iss ? { jwksUri: `${answering.origin}/answer-400/keys` } : undefined,
    );
    expect(await codeOf(verifier.verify(await claiming(iss)))).toBe('ERR_ISSUER_MISMATCH');
    expect(urls).toEqual([`${answering.origin}/answer-400/keys`]);
  });

  it('a host that refuses connections is an outage: 503', async () => {
    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const { port } = dead.address() as AddressInfo;
    await new Promise((resolve) => dead.close(resolve));
    const { verifier } = verifierFor(tenants);
    const iss = `http://127.0.0.1:${port}/tenants/nobody`;
    expect(await codeOf(verifier.verify(await claiming(iss)))).toBe('ERR_KEYS_UNAVAILABLE');
  });

  it('an established issuer whose key set then answers 404 is in an outage: 503, never 401', async () => {
    const iss = `${answering.origin}/tenants/established`;
    const { verifier, urls } = verifierFor((given) =>
      given === iss ? { jwksUri: `${answering.origin}/keys` } : undefined,
    );
    expect((await verifier.verify(await claiming(iss))).payload.iss).toBe(iss);
    answering.state.keysGone = true;
    await issuer.rotate();
    try {
      // A new kid: the refetch answers 404.
      expect(await codeOf(verifier.verify(await claiming(iss)))).toBe('ERR_KEYS_UNAVAILABLE');
      expect(urls).toHaveLength(2);
    } finally {
      answering.state.keysGone = false;
    }
  });

  it('a non-URL issuer with a jwksUri of its own: the budget refusal names no origin', async () => {
    const events: JwtGuardEvent[] = [];
    const verifier = createVerifier({
      issuer: (iss) => (iss === 'accounts.example' ? { jwksUri: issuer.jwksUri } : undefined),
      audience: AUDIENCE,
      jwks: { newIssuerFetchesPerMinute: 0 },
      events: (event) => events.push(event),
    });
    const token = await claiming('accounts.example');
    expect(await codeOf(verifier.verify(token))).toBe('ERR_ISSUER_BUDGET_EXCEEDED');
    expect(events).toContainEqual({ type: 'issuer-budget-exceeded', origin: 'null' });
  });

  describe('a key source of the application’s own', () => {
    const keySourceFailing = (error: JwtGuardError) =>
      verifierFor((iss) =>
        iss === issuer.issuer ? { keySource: { getKey: () => Promise.reject(error) } } : undefined,
      ).verifier;

    it('only "keys unavailable" is read for what it says of the issuer', async () => {
      const notFound = new FetchJsonError('https://keys.example/', 'gone', { status: 404 });
      const verifier = keySourceFailing(createError('ERR_KEY_NOT_FOUND', { cause: notFound }));
      expect(await codeOf(verifier.verify(await issuer.mint()))).toBe('ERR_KEY_NOT_FOUND');
      const unavailable = createError('ERR_KEYS_UNAVAILABLE', { cause: notFound });
      expect(await codeOf(keySourceFailing(unavailable).verify(await issuer.mint()))).toBe(
        'ERR_ISSUER_MISMATCH',
      );
    });

    it('a cause chain with a cycle is read to its end, not forever', async () => {
      const first = new Error('first');
      const second = new Error('second', { cause: first });
      Object.defineProperty(first, 'cause', { value: second });
      const verifier = keySourceFailing(createError('ERR_KEYS_UNAVAILABLE', { cause: first }));
      expect(await codeOf(verifier.verify(await issuer.mint()))).toBe('ERR_KEYS_UNAVAILABLE');
    });
  });
});
