/**
 * Issuers a resolver admits meet the URL policy of configured ones before anything is
 * fetched (issue 19 §1.3): a prefix-matching resolver admitted
 * `https://tenants.example.com@evil.example/`, and discovery fetched from evil.example.
 * Now such an `iss` is 401 `ERR_ISSUER_MISMATCH` with an `issuer-refused` event, and the
 * attacker's server is never asked.
 */
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, type JwtGuardEvent } from '../../src/index.js';
import { assertFetchableUrl, urlPolicyProblem } from '../../src/keys/url-policy.js';
import { codeOf } from '../outcome.js';

let good: TestIssuer;
let evil: TestIssuer;
const AUDIENCE = 'https://api.example.test';

beforeAll(async () => {
  [good, evil] = await Promise.all([
    createTestIssuer({ algorithms: ['ES256'], path: '/tenants' }),
    createTestIssuer({ algorithms: ['ES256'], path: '/evil' }),
  ]);
});
afterAll(() => Promise.all([good, evil].map((issuer) => issuer.close())));

const fetchesOf = (issuer: TestIssuer) => issuer.requests.discovery + issuer.requests.jwks;

describe('the URL policy', () => {
  it.each([
    ['userinfo', 'https://tenants.example.com@evil.example/'],
    ['an empty userinfo', 'https://@tenants.example.com/'],
    ['a password', 'https://:pw@tenants.example.com/'],
    ['plain http off loopback', 'http://169.254.169.254/latest/meta-data/'],
    ['a fragment', 'https://tenants.example.com/t1#x'],
    ['an empty fragment', 'https://tenants.example.com/t1#'],
    ['a tab the parser would drop', 'https://tenants.example.com/t\t1'],
    ['a leading space', ' https://tenants.example.com/t1'],
    ['no URL at all', 'tenants.example.com'],
    ['another scheme', 'file:///etc/passwd'],
  ])('refuses %s', (_name, url) => {
    expect(urlPolicyProblem(url)).toEqual(expect.any(String));
    expect(() => assertFetchableUrl(url, 'jwt-guard: option "x"')).toThrow(TypeError);
  });

  it.each([
    ['https', 'https://tenants.example.com/t1'],
    ['an @ in the path', 'https://tenants.example.com/users/@me'],
    ['http on loopback', 'http://127.0.0.1:4000/tenants'],
    ['http on localhost', 'http://localhost:4000'],
  ])('admits %s', (_name, url) => {
    expect(urlPolicyProblem(url)).toBeUndefined();
    expect(() => assertFetchableUrl(url, 'x')).not.toThrow();
  });
});

describe('an issuer a resolver admits', () => {
  it('a prefix-matching resolver: the userinfo trick is refused, the attacker never hit', async () => {
    const events: JwtGuardEvent[] = [];
    const origin = new URL(good.issuer).origin;
    // The mistake the docs warn against: a prefix match.
    const verifier = createVerifier({
      audience: AUDIENCE,
      issuer: (iss) => (iss.startsWith(origin) ? {} : undefined),
      events: (event) => events.push(event),
    });
    const forgedIss = `${origin}@${new URL(evil.issuer).host}/evil`;
    expect(new URL(forgedIss).host).toBe(new URL(evil.issuer).host);
    const before = { good: fetchesOf(good), evil: fetchesOf(evil) };
    const forged = await evil.mint({ claims: { iss: forgedIss } });
    expect(await codeOf(verifier.verify(forged))).toBe('ERR_ISSUER_MISMATCH');
    expect(fetchesOf(evil)).toBe(before.evil);
    expect(events).toContainEqual({ type: 'issuer-refused', reason: 'url-policy' });
    expect(events.some((event) => event.type === 'issuer-resolved')).toBe(false);
    // The real tenant still verifies, fetched once.
    expect((await verifier.verify(await good.mint())).payload.iss).toBe(good.issuer);
    expect(fetchesOf(good) - before.good).toBe(2);
  });

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'https://tenants.example.com@evil.example/',
    'https://@tenants.example.com/',
    'https://tenants.example.com/t1#x',
  ])('%s: 401, and not one fetch', async (iss) => {
    const fetched: string[] = [];
    const verifier = createVerifier({
      audience: AUDIENCE,
      issuer: () => ({}),
      fetch: async (input) => {
        fetched.push(String(input));
        return new Response('{}', { status: 500 });
      },
    });
    expect(await codeOf(verifier.verify(await evil.mint({ claims: { iss } })))).toBe(
      'ERR_ISSUER_MISMATCH',
    );
    expect(fetched).toEqual([]);
  });

  it('the policy holds on every request, not only the first', async () => {
    const fetched: string[] = [];
    const verifier = createVerifier({
      audience: AUDIENCE,
      issuer: () => ({}),
      fetch: async (input) => {
        fetched.push(String(input));
        return new Response('{}', { status: 500 });
      },
    });
    const token = await evil.mint({ claims: { iss: 'http://169.254.169.254/' } });
    for (let i = 0; i < 3; i += 1) {
      expect(await codeOf(verifier.verify(token))).toBe('ERR_ISSUER_MISMATCH');
    }
    expect(fetched).toEqual([]);
  });

  it('an iss that is not fetched (the resolver names its keys) needs no URL form', async () => {
    // Google's tokens say `accounts.google.com`: the resolver gives the JWKS itself.
    const verifier = createVerifier({
      audience: AUDIENCE,
      issuer: (iss) => (iss === 'accounts.tenants.test' ? { jwksUri: good.jwksUri } : undefined),
    });
    const token = await good.mint({ claims: { iss: 'accounts.tenants.test' } });
    expect((await verifier.verify(token)).payload.iss).toBe('accounts.tenants.test');
  });

  it('a resolver’s jwksUri meets the policy too: a TypeError naming it, nothing fetched', async () => {
    const fetched: string[] = [];
    const verifier = createVerifier({
      audience: AUDIENCE,
      issuer: (iss) => ({ jwksUri: `${iss}/keys` }),
      fetch: async (input) => {
        fetched.push(String(input));
        return new Response('{}', { status: 500 });
      },
    });
    const token = await evil.mint({ claims: { iss: 'http://169.254.169.254' } });
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(TypeError);
    expect(fetched).toEqual([]);
  });

  it('the exact-match resolver the docs show admits the listed tenants only', async () => {
    const tenants = new Set([good.issuer]);
    const verifier = createVerifier({
      audience: AUDIENCE,
      issuer: (iss) => (tenants.has(iss) ? {} : undefined),
    });
    expect((await verifier.verify(await good.mint())).payload.iss).toBe(good.issuer);
    for (const iss of [`${good.issuer}/`, `${good.issuer}x`, good.issuer.toUpperCase()]) {
      const before = fetchesOf(evil) + fetchesOf(good);
      expect(await codeOf(verifier.verify(await evil.mint({ claims: { iss } })))).toBe(
        'ERR_ISSUER_MISMATCH',
      );
      expect(fetchesOf(evil) + fetchesOf(good)).toBe(before);
    }
  });
});
