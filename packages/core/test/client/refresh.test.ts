/**
 * getToken against a local endpoint: one request for many callers, renewal ahead of
 * expiry, retries, and an outage past expiry that fails fast and recovers.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTokenClient, TokenClientError } from '../../src/client/index.js';
import {
  type LocalTokenEndpoint,
  manualClock,
  startLocalTokenEndpoint,
} from './local-token-endpoint.js';

let op: LocalTokenEndpoint;
let clock: ReturnType<typeof manualClock>;
beforeEach(async () => {
  op = await startLocalTokenEndpoint();
  clock = manualClock();
});
afterEach(() => op.close());

const client = (extra: Partial<Parameters<typeof createTokenClient>[0]> = {}) =>
  createTokenClient({
    issuer: op.issuer,
    clientId: 'svc',
    clientSecret: 's3cret',
    now: clock.now,
    ...extra,
  });

describe('getToken', () => {
  it('makes one request for twenty simultaneous callers and then serves from cache', async () => {
    const tokens = client();
    const results = await Promise.all(Array.from({ length: 20 }, () => tokens.getToken()));
    expect(new Set(results)).toEqual(new Set(['at-1']));
    expect(await tokens.getToken()).toBe('at-1');
    expect(op.requests).toHaveLength(1);
    expect(op.requests[0]?.params.get('grant_type')).toBe('client_credentials');
  });

  it('renews in the background from 10% of 300 s before expiry, handing out the old token meanwhile', async () => {
    const tokens = client();
    expect(await tokens.getToken()).toBe('at-1'); // expires_in 300
    clock.advance(269_000);
    expect(await tokens.getToken()).toBe('at-1');
    expect(op.requests).toHaveLength(1);
    clock.advance(1_000); // 30 s left: the renewal window
    expect(await tokens.getToken()).toBe('at-1');
    await expect.poll(() => op.issued.length).toBe(2);
    expect(await tokens.getToken()).toBe('at-2');
    expect(op.requests).toHaveLength(2);
  });

  it('uses at most 60 s as the margin, and refreshAhead when given', async () => {
    op.answer = { kind: 'token', expiresIn: 3600 };
    const hourly = client();
    await hourly.getToken();
    clock.advance(3_539_000);
    await hourly.getToken();
    expect(op.requests).toHaveLength(1);
    clock.advance(1_000);
    await hourly.getToken();
    await expect.poll(() => op.requests.length).toBe(2);
  });

  it('uses 10% of a short lifetime as the margin, and refreshAhead when given', async () => {
    op.answer = { kind: 'token', expiresIn: 20 };
    const tokens = client();
    await tokens.getToken();
    clock.advance(17_900);
    await tokens.getToken();
    expect(op.requests).toHaveLength(1);
    clock.advance(100); // 2 s (10% of 20 s) left
    await tokens.getToken();
    await expect.poll(() => op.requests.length).toBe(2);

    const early = client({ refreshAhead: 8 });
    await early.getToken();
    clock.advance(12_000);
    await early.getToken();
    await expect.poll(() => op.requests.length).toBe(4);
  });

  it('never hands out a token at or near its expiry: callers wait for the new one', async () => {
    op.answer = { kind: 'token', expiresIn: 10 };
    const tokens = client();
    expect(await tokens.getToken()).toBe('at-1');
    clock.advance(9_600); // 0.4 s left, under the floor of half the 1 s margin
    expect(await tokens.getToken()).toBe('at-2');
    clock.advance(60_000);
    expect(await tokens.getToken()).toBe('at-3');
  });

  it('retries a 503 with backoff and succeeds', async () => {
    op.queue.push({ kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    expect(await client().getToken()).toBe('at-1');
    expect(op.requests).toHaveLength(3);
  });

  it('fails promptly past expiry while the issuer is down, then recovers', async () => {
    op.answer = { kind: 'token', expiresIn: 30 };
    const tokens = client({ retries: 1 });
    await tokens.getToken();
    op.answer = { kind: 'status', status: 503 };
    clock.advance(31_000);
    const error = await tokens.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenClientError);
    expect(error).toMatchObject({ code: 'ERR_ISSUER_UNAVAILABLE', responseStatus: 503 });
    expect(op.requests).toHaveLength(3); // the first token, then one try and one retry

    // In the cooldown every caller fails at once, and the issuer is left alone.
    const started = Date.now();
    const again = await Promise.all(
      Array.from({ length: 10 }, () => tokens.getToken().catch((e: unknown) => e)),
    );
    expect(Date.now() - started).toBeLessThan(500);
    expect(again.every((e) => e instanceof TokenClientError)).toBe(true);
    expect(op.requests).toHaveLength(3);

    op.answer = { kind: 'token', expiresIn: 30 };
    clock.advance(1_000); // the first cooldown is at most 1 s
    expect(await tokens.getToken()).toBe('at-2');
  });

  it('keeps serving a still-valid token while renewals fail, and no storm in the window', async () => {
    op.answer = { kind: 'token', expiresIn: 300 };
    const tokens = client({ retries: 0 });
    await tokens.getToken();
    op.answer = { kind: 'status', status: 500 };
    clock.advance(280_000);
    expect(await tokens.getToken()).toBe('at-1');
    await expect.poll(() => op.requests.length).toBe(2);
    for (let i = 0; i < 10; i += 1) expect(await tokens.getToken()).toBe('at-1');
    expect(op.requests).toHaveLength(2);
  });

  it('times out a hanging endpoint', async () => {
    op.answer = { kind: 'hang' };
    const error = await client({ timeout: 200, retries: 0 })
      .getToken()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_ISSUER_UNAVAILABLE' });
  });

  it('does not cache a token without a known expiry', async () => {
    op.answer = { kind: 'token', expiresIn: undefined };
    const tokens = client();
    expect(await tokens.getToken()).toBe('at-1');
    expect(await tokens.getToken()).toBe('at-2');
  });
});
