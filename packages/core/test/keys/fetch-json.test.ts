/**
 * The bounded JSON fetch and discovery against a real loopback server: the request it
 * sends, which statuses it takes, the byte cap (declared and streamed), the failures it
 * names, `Cache-Control` parsing, and the metadata checks of discovery.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverJwksUri, discoveryUrls, IssuerMetadataError } from '../../src/keys/discovery.js';
import { FetchJsonError, fetchJson, parseMaxAge } from '../../src/keys/fetch-json.js';

interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Sent as separate writes, a tick apart, after `body`. */
  chunks?: string[];
}

let server: Server;
let origin: string;
const routes = new Map<string, Reply>();
const seen: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers);
    const reply = routes.get(req.url ?? '') ?? { status: 404, body: 'no' };
    res.writeHead(reply.status ?? 200, reply.headers ?? {});
    if (!reply.chunks) {
      res.end(reply.body ?? '');
      return;
    }
    const rest = [...reply.chunks];
    const next = () => {
      const chunk = rest.shift();
      if (chunk === undefined) res.end();
      else res.write(chunk, () => setTimeout(next, 5));
    };
    next();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const limits = { fetch, timeoutMs: 2_000, maxBytes: 64 };
// The reason, after the URL every message starts with.
const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => {
      expect(error).toBeInstanceOf(FetchJsonError);
      const { url, message } = error as FetchJsonError;
      expect(message.startsWith(`${url}: `)).toBe(true);
      return message.slice(url.length + 2);
    },
  );

describe('fetchJson', () => {
  it('asks for JSON, sends the ETag, and returns the document with its caching headers', async () => {
    routes.set('/doc', {
      headers: { etag: '"v2"', 'cache-control': 'max-age=90' },
      body: '{"keys":[]}',
    });
    seen.length = 0;
    const result = await fetchJson(`${origin}/doc`, { ...limits, etag: '"v1"' });
    expect(result).toEqual({
      notModified: false,
      json: { keys: [] },
      etag: '"v2"',
      maxAgeSeconds: 90,
    });
    expect(seen[0]).toMatchObject({
      accept: 'application/json, application/jwk-set+json',
      'if-none-match': '"v1"',
    });
    seen.length = 0;
    expect(await fetchJson(`${origin}/doc`, limits)).toMatchObject({ etag: '"v2"' });
    expect(seen[0]?.['if-none-match']).toBeUndefined();
  });

  it('answers a 304 as not modified only when it sent an ETag', async () => {
    routes.set('/same', { status: 304, headers: { 'cache-control': 'max-age=5' } });
    expect(await fetchJson(`${origin}/same`, { ...limits, etag: '"v1"' })).toEqual({
      notModified: true,
      maxAgeSeconds: 5,
    });
    expect(await failureOf(fetchJson(`${origin}/same`, limits))).toBe('unexpected status 304');
  });

  it('returns no etag when the response has none', async () => {
    routes.set('/plain', { body: '[1]' });
    expect(await fetchJson(`${origin}/plain`, limits)).toEqual({
      notModified: false,
      json: [1],
      etag: undefined,
      maxAgeSeconds: undefined,
    });
  });

  it.each([
    [
      'a redirect, never followed',
      { status: 302, headers: { location: '/doc' } },
      'unexpected status 302',
    ],
    ['a 201', { status: 201, body: '{}' }, 'unexpected status 201'],
    ['a 500', { status: 500, body: '{}' }, 'unexpected status 500'],
    [
      'a declared length over the cap',
      { headers: { 'content-length': '65' }, body: 'x'.repeat(65) },
      'response too large',
    ],
    [
      'a streamed body over the cap',
      { headers: { 'transfer-encoding': 'chunked' }, body: `"${'x'.repeat(63)}"` },
      'response too large',
    ],
    ['a body that is not JSON', { body: '{"keys":' }, 'response is not JSON'],
    [
      'a body that is not UTF-8',
      { body: Buffer.from([0x22, 0xff, 0x22]) },
      'response is not UTF-8',
    ],
  ])('refuses %s', async (_name, reply, message) => {
    routes.set('/bad', reply);
    expect(await failureOf(fetchJson(`${origin}/bad`, limits))).toBe(message);
  });

  it('joins a body that arrives in several chunks', async () => {
    routes.set('/chunked', { chunks: ['{"keys":', '[1,', '2]}'] });
    expect(await fetchJson(`${origin}/chunked`, limits)).toMatchObject({ json: { keys: [1, 2] } });
  });

  it('takes a body of exactly the cap', async () => {
    routes.set('/full', { headers: { 'content-length': '64' }, body: `"${'x'.repeat(62)}"` });
    expect(await fetchJson(`${origin}/full`, limits)).toMatchObject({ json: 'x'.repeat(62) });
  });

  it('names a network failure and a timeout apart', async () => {
    const refused: typeof fetch = async () => {
      throw new TypeError('connect ECONNREFUSED');
    };
    expect(await failureOf(fetchJson(`${origin}/doc`, { ...limits, fetch: refused }))).toBe(
      'request failed',
    );
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      );
    expect(
      await failureOf(fetchJson(`${origin}/doc`, { ...limits, fetch: hanging, timeoutMs: 20 })),
    ).toBe('timed out');
  });
});

describe('parseMaxAge', () => {
  it.each([
    [null, undefined],
    ['', undefined],
    ['public', undefined],
    ['max-age=60', 60],
    ['public, max-age=120', 120],
    ['public,max-age = 30', 30],
    ['MAX-AGE="45"', 45],
    ['s-maxage=10', undefined],
    ['x-max-age=10', undefined],
    ['no-store', 0],
    ['public, no-cache', 0],
    ['No-Cache, max-age=60', 0],
    ['no-cache-please', 0],
    ['no-storey', undefined],
    ['x-no-store', undefined],
  ])('%s gives %s', (value, expected) => {
    expect(parseMaxAge(value)).toBe(expected);
  });
});

describe('discovery', () => {
  const roomy = { ...limits, maxBytes: 4096 };
  it('tries OpenID, then RFC 8414 with the issuer path after the well-known segment', () => {
    expect(discoveryUrls('https://id.example.com/tenant/')).toEqual([
      'https://id.example.com/tenant/.well-known/openid-configuration',
      'https://id.example.com/.well-known/oauth-authorization-server/tenant',
    ]);
    expect(discoveryUrls('https://id.example.com')).toEqual([
      'https://id.example.com/.well-known/openid-configuration',
      'https://id.example.com/.well-known/oauth-authorization-server',
    ]);
  });

  const metadataFailure = async (issuerPath: string) => {
    try {
      await discoverJwksUri(`${origin}${issuerPath}`, roomy);
    } catch (error) {
      expect(error).toBeInstanceOf(IssuerMetadataError);
      // The metadata URL first, where the metadata itself is at fault.
      const { message } = error as Error;
      const url = `${origin}${issuerPath}/.well-known/openid-configuration: `;
      return message.startsWith(url) ? message.slice(url.length) : message;
    }
    return 'resolved';
  };

  it('falls back to RFC 8414 when OpenID discovery fails', async () => {
    routes.set('/.well-known/oauth-authorization-server/b', {
      body: JSON.stringify({ issuer: `${origin}/b`, jwks_uri: `${origin}/b/jwks` }),
    });
    expect(await discoverJwksUri(`${origin}/b`, roomy)).toBe(`${origin}/b/jwks`);
  });

  it.each([
    ['an array', '[]', 'issuer metadata is not a JSON object'],
    ['null', 'null', 'issuer metadata is not a JSON object'],
    ['a string', '"ISSUER"', 'issuer metadata is not a JSON object'],
    [
      'another issuer',
      JSON.stringify({ issuer: 'https://evil.example', jwks_uri: 'https://evil.example/j' }),
      'issuer metadata names issuer "https://evil.example", but the configured issuer is "ORIGIN/c"',
    ],
    ['no jwks_uri', '{"issuer":"ISSUER"}', 'issuer metadata has no jwks_uri'],
    [
      'a jwks_uri over plain http',
      '{"issuer":"ISSUER","jwks_uri":"http://id.example.com/j"}',
      'jwks_uri must use https (plain http only on a loopback host)',
    ],
  ])('refuses metadata that is %s', async (_name, body, message) => {
    routes.set('/c/.well-known/openid-configuration', {
      body: body.replace('ISSUER', `${origin}/c`),
    });
    expect(await metadataFailure('/c')).toBe(message.replace('ORIGIN', origin));
  });

  it('says when the issuers differ only by a trailing slash', async () => {
    routes.set('/d/.well-known/openid-configuration', {
      body: JSON.stringify({ issuer: `${origin}/d/`, jwks_uri: `${origin}/d/jwks` }),
    });
    expect(await metadataFailure('/d')).toBe(
      `issuer metadata names issuer "${origin}/d/", but the configured issuer is "${origin}/d" (they differ only by a trailing slash: configure the issuer exactly as its metadata names it)`,
    );
  });

  it('says unavailable, keeping the last cause, when neither document is served', async () => {
    try {
      await discoverJwksUri(`${origin}/none`, roomy);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(IssuerMetadataError);
      expect((error as Error).message).toBe(
        `issuer metadata of ${origin}/none is unavailable: ${origin}/.well-known/oauth-authorization-server/none: unexpected status 404`,
      );
      expect((error as Error).cause).toBeInstanceOf(FetchJsonError);
    }
  });
});
