/**
 * The token endpoints over a fetch-style framework: a Web `Request` in, a `Response` out; the
 * path of the URL unless the framework says better; a body an earlier middleware read taken
 * from the framework's copy, under the same cap.
 */
import { describe, expect, it } from 'vitest';
import {
  createTokenIssuer,
  liftFetchTokenEndpoints,
  serveFetchTokenEndpoints,
} from '../../src/index.js';
import { AUDIENCE, ISSUER, SECRET } from '../helpers.js';
import { authenticate } from './helpers.js';

const tokens = createTokenIssuer({
  issuer: ISSUER,
  audience: AUDIENCE,
  keys: { encryptionSecret: SECRET, schedule: false },
});
const LOGIN = new URLSearchParams({ username: 'alice', password: 'wonderland' }).toString();
const login = (path = '/auth/login', body = LOGIN) =>
  new Request(`https://api.example.com${path}?x=1`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });

/** A framework request: the `Request`, and the copy of a body some middleware read. */
interface Framework {
  readonly raw: Request;
  readonly copy?: ArrayBuffer;
}

describe('serveFetchTokenEndpoints', () => {
  const serve = serveFetchTokenEndpoints<Request>(
    tokens,
    { authenticate, maxBodyBytes: 256 },
    { request: (request) => request },
  );

  it("answers a request to an endpoint at its URL's path with a Response", async () => {
    const response = (await serve(login())) as Response;
    expect(response.status).toBe(200);
    expect(((await response.json()) as { token_type: string }).token_type).toBe('Bearer');
  });

  it('returns undefined at once for any other path', () => {
    expect(serve(login('/api/orders'))).toBeUndefined();
  });

  it('takes the path the framework gives', async () => {
    const routed = serveFetchTokenEndpoints<Request>(
      tokens,
      { authenticate },
      {
        request: (request) => request,
        path: () => '/auth/login',
      },
    );
    expect((await routed(login('/mounted/elsewhere')))?.status).toBe(200);
  });

  it("reads a used body from the framework's copy, under the same cap", async () => {
    const copying = serveFetchTokenEndpoints<Framework>(
      tokens,
      { authenticate, maxBodyBytes: 256 },
      { request: (request) => request.raw, readBody: async (request) => request.copy! },
    );
    const read = async (body: string) => {
      const raw = login('/auth/login', body);
      const copy = await raw.arrayBuffer();
      return copying({ raw, copy });
    };
    expect((await read(LOGIN))?.status).toBe(200);
    const tooLarge = await read(`${LOGIN}&pad=${'x'.repeat(300)}`);
    const unread = await serve(login('/auth/login', `${LOGIN}&pad=${'x'.repeat(300)}`));
    expect(tooLarge?.status).toBe(unread?.status);
    expect(tooLarge?.status).toBeGreaterThanOrEqual(400);
    expect(await tooLarge?.json()).toEqual(await unread?.json());
  });
});

describe('liftFetchTokenEndpoints', () => {
  it("mounts the endpoints in the framework's app, which answers and goes on", async () => {
    const { tokenEndpoints } = liftFetchTokenEndpoints<Request, (r: Request) => Promise<Response>>(
      { request: (request) => request },
      (serve) => async (request) => serve(request) ?? new Response('app', { status: 404 }),
    );
    const app = tokenEndpoints(tokens, { authenticate });
    expect((await app(login())).status).toBe(200);
    expect(await (await app(login('/api/orders'))).text()).toBe('app');
  });

  it('checks the options when the endpoints are made: a TypeError names the bad one', () => {
    const { tokenEndpoints } = liftFetchTokenEndpoints<Request, unknown>(
      { request: (request) => request },
      (serve) => serve,
    );
    expect(() => tokenEndpoints(tokens, { authenticate, maxBodyBytes: 1 })).toThrow(/maxBodyBytes/);
  });
});
