/**
 * The bound on renewals after `invalid_token`: a hostile API that refuses every token gets
 * at most `renewalLimit.max` new tokens requested per window, then its 401 as it came and a
 * `token-renewal-limited` event; and the challenge reader behind it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { challengeError, parseChallenges } from '../../src/client/challenge-error.js';
import {
  createTokenClient,
  type TokenClientEvent,
  type TokenClientOptions,
} from '../../src/client/index.js';
import {
  type LocalTokenEndpoint,
  manualClock,
  startLocalTokenEndpoint,
} from './local-token-endpoint.js';

const REFUSAL =
  'Bearer realm="api", error="invalid_token", error_description="The token is revoked"';

let op: LocalTokenEndpoint;
let clock: ReturnType<typeof manualClock>;
let hostile: { url: string; calls: number; close(): Promise<void> };
beforeEach(async () => {
  op = await startLocalTokenEndpoint();
  clock = manualClock();
  // Refuses every token, whatever it is.
  const server = createServer((_req, res) => {
    hostile.calls += 1;
    res.writeHead(401, { 'www-authenticate': REFUSAL }).end('refused by the api');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hostile = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders`,
    calls: 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
});
afterEach(async () => {
  await hostile.close();
  await op.close();
});

const client = (extra: Partial<TokenClientOptions> = {}) => {
  const events: TokenClientEvent[] = [];
  const tokens = createTokenClient({
    issuer: op.issuer,
    clientId: 'svc',
    clientSecret: 's',
    now: clock.now,
    retries: 0,
    events: (event) => events.push(event),
    ...extra,
  });
  return { tokens, events };
};

describe('renewal limit', () => {
  it('renews at most 5 times a minute by default against an API that refuses everything', async () => {
    const { tokens, events } = client();
    for (let call = 0; call < 20; call += 1) {
      const response = await tokens.fetch(hostile.url);
      expect(response.status).toBe(401);
    }
    // One first token, then five renewals.
    expect(op.requests).toHaveLength(6);
    expect(events).toHaveLength(15);
    expect(events[0]).toEqual({
      type: 'token-renewal-limited',
      origin: new URL(hostile.url).origin,
      max: 5,
      perMs: 60_000,
    });
    clock.advance(60_000);
    await tokens.fetch(hostile.url);
    expect(op.requests).toHaveLength(7);
  });

  it("returns the API's 401 as it came, body unread, past the limit", async () => {
    const { tokens, events } = client({ renewalLimit: { max: 1 } });
    await tokens.fetch(hostile.url);
    const calls = hostile.calls;
    const response = await tokens.fetch(hostile.url);
    expect(hostile.calls).toBe(calls + 1);
    expect(response.bodyUsed).toBe(false);
    expect(response.headers.get('www-authenticate')).toBe(REFUSAL);
    expect(await response.text()).toBe('refused by the api');
    expect(events).toHaveLength(1);
  });

  it('counts only renewals: calls refused together with one token share one', async () => {
    const { tokens, events } = client({ renewalLimit: { max: 1, perMs: 1_000 } });
    await tokens.getToken();
    await Promise.all(Array.from({ length: 4 }, () => tokens.fetch(hostile.url)));
    expect(op.requests).toHaveLength(2);
    expect(events).toHaveLength(0);
  });

  it('never renews with max 0, and a listener that throws changes nothing', async () => {
    const { tokens } = client({
      renewalLimit: { max: 0 },
      events: () => {
        throw new Error('listener bug');
      },
    });
    expect((await tokens.fetch(hostile.url)).status).toBe(401);
    expect(op.requests).toHaveLength(1);
    expect(hostile.calls).toBe(1);
  });

  it.each([
    [{ renewalLimit: 5 }, /renewalLimit must be an object/],
    [{ renewalLimit: { max: -1 } }, /renewalLimit\.max/],
    [{ renewalLimit: { perMs: 0 } }, /renewalLimit\.perMs/],
    [{ events: 'log' }, /events must be a function/],
  ])('refuses %o at creation', (change, message) => {
    expect(() => client(change as never)).toThrow(message);
  });
});

describe('challenges', () => {
  const refusal = (field: string, status = 401) =>
    challengeError(new Response(null, { status, headers: { 'www-authenticate': field } }));

  it.each([
    ['Bearer error="invalid_token"', 'invalid_token'],
    ['Bearer error=invalid_token', 'invalid_token'],
    ['bearer realm="a, b", error="invalid_token"', 'invalid_token'],
    ['Basic realm="x", DPoP algs="ES256", error="invalid_token"', 'invalid_token'],
    ['Bearer realm="api", DPoP algs="ES256 EdDSA", error="use_dpop_nonce"', 'use_dpop_nonce'],
    ['Negotiate abc==, Bearer error="invalid_token"', 'invalid_token'],
  ])('reads %s', (field, error) => {
    expect(refusal(field)).toBe(error);
  });

  it.each([
    'Bearer realm="api"',
    'Bearer error="insufficient_scope", scope="write"',
    'Basic realm="x", error="invalid_token"',
    'Bearer realm="error=\\"invalid_token\\""',
    'Bearer error="use_dpop_nonce"',
    'Bearer error="invalid_token',
  ])('acts on nothing in %s', (field) => {
    expect(refusal(field)).toBeUndefined();
  });

  it('reads only 401s', () => {
    expect(refusal('Bearer error="invalid_token"', 403)).toBeUndefined();
  });

  it('splits challenges and unquotes their parameters', () => {
    const parsed = parseChallenges('Bearer realm="a \\"b\\"", DPoP algs="ES256", error=x');
    expect(parsed.map(({ scheme, params }) => [scheme, Object.fromEntries(params)])).toEqual([
      ['bearer', { realm: 'a "b"' }],
      ['dpop', { algs: 'ES256', error: 'x' }],
    ]);
  });
});
