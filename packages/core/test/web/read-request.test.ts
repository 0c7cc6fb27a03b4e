/**
 * The one fetch-API request reader: what it reads of a Web `Request` for each wanted
 * source, what it leaves unread, the form body it reads from a clone, and what a lifting
 * overrides.
 */
import { describe, expect, it } from 'vitest';
import type { WantedSources } from '../../src/authenticator-plan.js';
import { JwtGuardError } from '../../src/errors/jwt-guard-error.js';
import type { TokenSources } from '../../src/token/extract-token.js';
import { readWebRequest, type WebRequestLifting } from '../../src/web/read-request.js';

const NOTHING: WantedSources = { formBody: false, cookie: false };
const FORM = 'application/x-www-form-urlencoded';
const URL_ = 'https://api.example.com/orders?x=1';

const bare: WebRequestLifting<Request> = { request: (request) => request };
const read = (request: Request, wanted: WantedSources, lifting = bare) =>
  readWebRequest(request, wanted, lifting);

const post = (body: string, contentType = FORM) =>
  new Request(URL_, { method: 'POST', body, headers: { 'content-type': contentType } });

describe('readWebRequest', () => {
  it('reads the Authorization field and the URL as the query, and nothing else unasked', () => {
    const request = new Request(URL_, {
      headers: { authorization: 'Bearer a', cookie: 'at=abc', dpop: 'proof' },
    });
    expect(read(request, NOTHING)).toEqual({
      authorization: 'Bearer a',
      query: URL_,
      cookie: undefined,
    });
  });

  it('hands a repeated Authorization field over joined, as fetch Headers keep it', () => {
    const headers = new Headers([
      ['authorization', 'Bearer a'],
      ['authorization', 'Bearer b'],
    ]);
    const sources = read(new Request(URL_, { headers }), NOTHING) as TokenSources;
    expect(sources.authorization).toBe('Bearer a, Bearer b');
  });

  it('reads the cookie only when a cookie token is wanted', () => {
    const request = new Request(URL_, { headers: { cookie: 'at=abc' } });
    expect((read(request, NOTHING) as TokenSources).cookie).toBeUndefined();
    expect((read(request, { ...NOTHING, cookie: true }) as TokenSources).cookie).toBe('at=abc');
  });

  it('reads a form body from a clone, a repeated field as an array, and leaves the body', async () => {
    const request = post('access_token=abc&__proto__=x&scope=a&scope=b');
    const sources = await read(request, { ...NOTHING, formBody: true });
    const formBody = sources.formBody as Record<string, unknown>;
    expect(sources.contentType).toBe(FORM);
    expect(Object.entries(formBody)).toEqual([
      ['access_token', 'abc'],
      ['__proto__', 'x'],
      ['scope', ['a', 'b']],
    ]);
    expect(Object.getPrototypeOf(formBody)).toBeNull();
    expect(await request.text()).toBe('access_token=abc&__proto__=x&scope=a&scope=b');
  });

  it('leaves the body unread without a wanted form token or a form Content-Type', () => {
    const form = post('access_token=abc');
    const json = post('{}', 'application/json');
    expect(read(form, NOTHING)).not.toBeInstanceOf(Promise);
    expect(read(json, { ...NOTHING, formBody: true })).not.toBeInstanceOf(Promise);
    expect(form.bodyUsed).toBe(false);
    expect(json.bodyUsed).toBe(false);
  });

  it('reads no form token from a body the app already read, without throwing', async () => {
    const request = post('access_token=abc');
    await request.text();
    const sources = await read(request, { ...NOTHING, formBody: true });
    expect(sources.formBody).toEqual({});
  });

  it('refuses a form body over 64 KiB as invalid_request', async () => {
    const request = post(`access_token=abc&pad=${'a'.repeat(64 * 1024)}`);
    const refusal = await Promise.resolve(read(request, { ...NOTHING, formBody: true })).catch(
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(JwtGuardError);
    expect((refusal as JwtGuardError).code).toBe('ERR_MALFORMED_AUTHORIZATION');
  });

  it("takes the lifting's parsed body, address and peer over the defaults", async () => {
    const request = post('access_token=unused');
    const lifting: WebRequestLifting<{ raw: Request }> = {
      request: (framework) => framework.raw,
      body: () => Promise.resolve({ access_token: 'parsed' }),
      address: () => ({ scheme: 'https', host: 'public.example', target: '/orders' }),
      peer: () => ({}),
    };
    const sources = await readWebRequest(
      { raw: request },
      { formBody: true, cookie: false, dpop: true, certificate: true },
      lifting,
    );
    expect(sources.formBody).toEqual({ access_token: 'parsed' });
    expect(sources.address).toEqual({ scheme: 'https', host: 'public.example', target: '/orders' });
    expect(sources.method).toBe('POST');
    expect(sources.certificate).toBeUndefined();
    expect(request.bodyUsed).toBe(false);
  });

  it('with DPoP, reads the method, the absolute URL and the DPoP field', () => {
    const request = new Request(URL_, { method: 'PUT', headers: { dpop: 'proof' } });
    const sources = read(request, { ...NOTHING, dpop: true }) as TokenSources;
    expect(sources).toMatchObject({ method: 'PUT', address: { target: URL_ }, dpop: 'proof' });
    expect(sources.certificate).toBeUndefined();
  });

  it('takes the certificate from the trusted header alone when one is configured', () => {
    // RFC 9440 Client-Cert: a byte sequence (":base64:") of the DER; garbage is no certificate.
    const der = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]);
    const value = `:${btoa(String.fromCharCode(...der))}:`;
    const request = new Request(URL_, { headers: { 'client-cert': value } });
    const cf = { tlsClientAuth: { certPresented: '0' } };
    Object.defineProperty(request, 'cf', { value: cf });
    const wanted = { ...NOTHING, certificate: true, certificateHeader: 'client-cert' };
    expect((read(request, wanted) as TokenSources).certificate).toEqual({ der });
    expect((read(request, { ...NOTHING, certificate: true }) as TokenSources).certificate).toBe(
      undefined,
    );
  });

  it("reads Cloudflare's cf.tlsClientAuth by default for the connection's certificate", () => {
    const request = new Request(URL_);
    const fingerprint = 'ab'.repeat(32);
    Object.defineProperty(request, 'cf', {
      value: { tlsClientAuth: { certPresented: '1', certFingerprintSHA256: fingerprint } },
    });
    const sources = read(request, { ...NOTHING, certificate: true }) as TokenSources;
    expect(sources.certificate?.thumbprint).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
