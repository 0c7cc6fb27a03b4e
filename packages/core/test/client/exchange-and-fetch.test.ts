/**
 * Token exchange (RFC 8693) and the authorized fetch, against a local token endpoint and a
 * local API that refuses a token once with `invalid_token`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UnsecuredJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTokenClient } from '../../src/client/index.js';
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

const client = () =>
  createTokenClient({
    issuer: op.issuer,
    clientId: 'svc',
    clientSecret: 's',
    now: clock.now,
    retries: 0,
  });

describe('exchange', () => {
  it('sends an RFC 8693 request and caches per subject, audience and scope', async () => {
    const tokens = client();
    const first = await Promise.all(
      Array.from({ length: 5 }, () =>
        tokens.exchange('user-1', { audience: 'https://billing.test', scope: 'read' }),
      ),
    );
    expect(new Set(first).size).toBe(1);
    expect(op.requests).toHaveLength(1);
    const params = op.requests[0]!.params;
    expect(Object.fromEntries(params)).toMatchObject({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token: 'user-1',
      subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      requested_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      resource: 'https://billing.test',
      scope: 'read',
    });
    await tokens.exchange('user-2', { audience: 'https://billing.test', scope: 'read' });
    await tokens.exchange('user-1', { audience: 'https://other.test', scope: 'read' });
    await tokens.exchange('user-1', { audience: 'https://billing.test' });
    expect(op.requests).toHaveLength(4);
    expect(
      await tokens.exchange('user-1', { audience: 'https://billing.test', scope: 'read' }),
    ).toBe(first[0]);
    expect(op.requests).toHaveLength(4);
  });

  it('exchanges again once the cached token has expired', async () => {
    op.answer = { kind: 'token', expiresIn: 60 };
    const tokens = client();
    const first = await tokens.exchange('user-1');
    clock.advance(60_000);
    expect(await tokens.exchange('user-1')).not.toBe(first);
  });

  it('keeps an exchanged token no longer than the subject token it was issued for', async () => {
    op.answer = { kind: 'token', expiresIn: 600 };
    const tokens = client();
    const exp = Math.floor(clock.now() / 1000) + 120;
    const subject = new UnsecuredJWT({ sub: 'alice' }).setExpirationTime(exp).encode();
    const first = await tokens.exchange(subject, { audience: 'https://billing.test' });
    clock.advance(100_000);
    expect(await tokens.exchange(subject, { audience: 'https://billing.test' })).toBe(first);
    expect(op.requests).toHaveLength(1);
    // Past the subject's expiry, the cached token is not handed out: the server is asked,
    // and what it issues for an expired subject serves that call and is not kept.
    clock.advance(20_000);
    const second = await tokens.exchange(subject, { audience: 'https://billing.test' });
    expect(second).not.toBe(first);
    expect(op.requests).toHaveLength(2);
    await tokens.exchange(subject, { audience: 'https://billing.test' });
    expect(op.requests).toHaveLength(3);
  });

  it("sends Entra's on-behalf-of grant when exchangeGrant says so", async () => {
    const tokens = createTokenClient({
      issuer: op.issuer,
      clientId: 'svc',
      clientSecret: 's',
      now: clock.now,
      exchangeGrant: 'on-behalf-of',
    });
    const scope = 'api://billing/.default';
    expect(await tokens.exchange('user-1', { scope })).toBe('at-1');
    expect(await tokens.exchange('user-1', { scope })).toBe('at-1');
    expect(op.requests).toHaveLength(1);
    expect(Object.fromEntries(op.requests[0]!.params)).toEqual({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: 'user-1',
      requested_token_use: 'on_behalf_of',
      scope,
    });
    // Entra names the target only by scope: without one the call is refused before any request.
    await expect(tokens.exchange('user-1')).rejects.toThrow(/scope is required/);
    expect(op.requests).toHaveLength(1);
  });

  it('reports a refused subject token with its OAuth error', async () => {
    op.answer = { kind: 'status', status: 400, body: { error: 'invalid_grant' } };
    await expect(client().exchange('expired')).rejects.toMatchObject({
      code: 'ERR_TOKEN_REQUEST_REJECTED',
      oauthError: 'invalid_grant',
    });
  });
});

describe('fetch', () => {
  let api: {
    url: string;
    seen: string[];
    refuse: number;
    revoked: string;
    challenge: string;
    close(): Promise<void>;
  };
  beforeEach(async () => {
    const server = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      api.seen.push(`${req.headers.authorization} ${body}`);
      if (req.headers.authorization === `Bearer ${api.revoked}`) {
        res.writeHead(401, { 'www-authenticate': api.challenge }).end();
      } else if (api.refuse > 0) {
        api.refuse -= 1;
        res.writeHead(401, { 'www-authenticate': api.challenge }).end();
      } else res.writeHead(200).end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    api = {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders`,
      seen: [],
      refuse: 0,
      revoked: '',
      challenge:
        'Bearer realm="api", error="invalid_token", error_description="The token has been revoked"',
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  });
  afterEach(() => api.close());

  it('sends the token, and after one 401 invalid_token renews it and resends the body', async () => {
    const tokens = client();
    api.refuse = 1;
    const response = await tokens.fetch(api.url, { method: 'POST', body: 'payload' });
    expect(response.status).toBe(200);
    expect(api.seen).toEqual(['Bearer at-1 payload', 'Bearer at-2 payload']);
    expect(await tokens.getToken()).toBe('at-2');
  });

  it('retries only once', async () => {
    api.refuse = 5;
    expect((await client().fetch(api.url)).status).toBe(401);
    expect(api.seen).toHaveLength(2);
  });

  it.each([
    'Bearer realm="api"',
    'Bearer error="insufficient_scope", scope="write"',
    'Basic realm="x", error="invalid_token"',
  ])('does not retry a 401 with %s', async (challenge) => {
    api.refuse = 1;
    api.challenge = challenge;
    expect((await client().fetch(new Request(api.url))).status).toBe(401);
    expect(api.seen).toHaveLength(1);
    expect(op.requests).toHaveLength(1);
  });

  it('renews once when many calls are refused together', async () => {
    const tokens = client();
    await tokens.getToken();
    api.revoked = 'at-1';
    const responses = await Promise.all(Array.from({ length: 5 }, () => tokens.fetch(api.url)));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(op.issued).toEqual(['at-1', 'at-2']);
  });
});
