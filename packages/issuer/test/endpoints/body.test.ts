/**
 * Request bodies: form and JSON, capped in size, or the body a framework already parsed.
 * Every refusal is an RFC 6749 §5.2 body with no-store, never a crash.
 */
import { describe, expect, it } from 'vitest';
import type { EndpointResponse } from '../../src/index.js';
import { form, header, json, request, send, setUp } from './helpers.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const JSON_TYPE = { 'content-type': 'application/json' };
const LOGIN = { username: 'alice', password: 'wonderland' };

function expectRefusal(response: EndpointResponse, status: number): void {
  expect(response.status).toBe(status);
  expect(json(response).error).toBe('invalid_request');
  expect(header(response, 'cache-control')).toBe('no-store');
  expect(header(response, 'content-type')).toBe('application/json');
}

describe('request bodies', () => {
  it('answers 413 past maxBodyBytes, as the adapter reports it or as read', async () => {
    const { endpoints } = setUp({ maxBodyBytes: 1024 });
    const big = new URLSearchParams({ ...LOGIN, pad: 'x'.repeat(2000) }).toString();
    expectRefusal(await send(endpoints, { path: '/auth/login', headers: FORM, body: big }), 413);
    // An adapter that hands back more than the limit is still refused.
    const lax = request({ path: '/auth/login', headers: FORM, body: big });
    const response = await endpoints.handle({ ...lax, readBody: async () => new Uint8Array(5000) });
    expectRefusal(response!, 413);
  });

  it('answers 413 on a declared Content-Length past the limit, without reading', async () => {
    const { endpoints } = setUp({ maxBodyBytes: 1024 });
    const req = request({ path: '/auth/token', headers: { ...FORM, 'content-length': '4096' } });
    expectRefusal((await endpoints.handle(req))!, 413);
    expect(req.reads()).toBe(0);
  });

  it('reads a body of exactly maxBodyBytes, read, parsed or declared', async () => {
    const { endpoints } = setUp({ maxBodyBytes: 1024 });
    const prefix = 'username=alice&password=wrong&pad=';
    const body = prefix + 'x'.repeat(1024 - prefix.length);
    expect(new TextEncoder().encode(body).byteLength).toBe(1024);
    const headers = { ...FORM, 'content-length': '1024' };
    expect((await send(endpoints, { path: '/auth/login', headers, body })).status).toBe(401);
    const parsed = request({
      path: '/auth/login',
      headers: FORM,
      parsedBody: new TextEncoder().encode(body),
    });
    expect((await endpoints.handle(parsed))!.status).toBe(401);
    const lax = request({ path: '/auth/login', headers: FORM, body });
    const exact = await endpoints.handle({
      ...lax,
      readBody: async () => new TextEncoder().encode(body),
    });
    expect(exact!.status).toBe(401);
  });

  it('caps the default at 16 KiB', async () => {
    const { endpoints } = setUp();
    const body = new URLSearchParams({ ...LOGIN, pad: 'x'.repeat(16_384) }).toString();
    expectRefusal(await send(endpoints, { path: '/auth/login', headers: FORM, body }), 413);
    const fits = new URLSearchParams({ ...LOGIN, pad: 'x'.repeat(15_000) }).toString();
    expect((await send(endpoints, { path: '/auth/login', headers: FORM, body: fits })).status).toBe(
      200,
    );
  });

  it('answers 400 for bad JSON, a JSON non-object, and bad UTF-8', async () => {
    const { endpoints } = setUp();
    for (const body of ['{"username":', '[1,2]', 'null', '"alice"']) {
      expectRefusal(await send(endpoints, { path: '/auth/login', headers: JSON_TYPE, body }), 400);
    }
    const bad = new Uint8Array([0x75, 0x3d, 0xff, 0xfe]);
    expectRefusal(await send(endpoints, { path: '/auth/login', headers: FORM, body: bad }), 400);
  });

  it('answers 400 for another media type, or a body without one', async () => {
    const { endpoints } = setUp();
    for (const type of ['text/plain', 'multipart/form-data; boundary=x', 'application/xml']) {
      expectRefusal(
        await send(endpoints, {
          path: '/auth/login',
          headers: { 'content-type': type },
          body: 'username=alice',
        }),
        400,
      );
    }
    expectRefusal(
      await send(endpoints, {
        path: '/auth/login',
        headers: { 'content-length': '14' },
        body: 'username=alice',
      }),
      400,
    );
  });

  it('refuses JSON sent as text/plain, which a cross-site form can send', async () => {
    const { endpoints } = setUp();
    const response = await send(endpoints, {
      path: '/auth/login',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(LOGIN),
    });
    expectRefusal(response, 400);
  });

  it('reads the media type case-insensitively, with parameters', async () => {
    const { endpoints } = setUp();
    const response = await send(endpoints, {
      path: '/auth/login',
      headers: { 'content-type': 'Application/JSON ; charset=UTF-8' },
      body: JSON.stringify(LOGIN),
    });
    expect(response.status).toBe(200);
  });

  it('takes only form bodies at the token endpoint (RFC 6749 §6)', async () => {
    const { endpoints } = setUp();
    const response = await send(endpoints, {
      path: '/auth/token',
      headers: JSON_TYPE,
      body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: 'jgr_x' }),
    });
    expectRefusal(response, 400);
  });

  it('refuses a repeated parameter (RFC 6749 §3.2)', async () => {
    const { endpoints } = setUp();
    const body = 'grant_type=refresh_token&refresh_token=a&refresh_token=b';
    expectRefusal(await send(endpoints, { path: '/auth/token', headers: FORM, body }), 400);
  });

  it('refuses a JSON field of the wrong type', async () => {
    const { endpoints } = setUp();
    const response = await send(endpoints, {
      path: '/auth/logout',
      headers: JSON_TYPE,
      body: JSON.stringify({ refresh_token: ['jgr_a', 'jgr_b'] }),
    });
    expectRefusal(response, 400);
  });

  it('answers 400 when the body cannot be read', async () => {
    const { endpoints } = setUp();
    const req = request({ path: '/auth/login', headers: FORM, body: 'x' });
    const response = await endpoints.handle({
      ...req,
      readBody: () => Promise.reject(new Error('aborted')),
    });
    expectRefusal(response!, 400);
  });

  it('uses a body the framework parsed, and reads no stream', async () => {
    const { endpoints } = setUp();
    const req = request({ path: '/auth/login', headers: JSON_TYPE, parsedBody: { ...LOGIN } });
    expect((await endpoints.handle(req))!.status).toBe(200);
    expect(req.reads()).toBe(0);
    const raw = request({
      path: '/auth/login',
      headers: FORM,
      parsedBody: new TextEncoder().encode(form(LOGIN).body),
    });
    expect((await endpoints.handle(raw))!.status).toBe(200);
    const text = request({ path: '/auth/login', headers: FORM, parsedBody: form(LOGIN).body });
    expect((await endpoints.handle(text))!.status).toBe(200);
  });

  it('checks the media type of a parsed body too', async () => {
    const { endpoints } = setUp();
    const req = request({
      path: '/auth/token',
      headers: JSON_TYPE,
      parsedBody: { grant_type: 'refresh_token', refresh_token: 'jgr_x' },
    });
    expectRefusal((await endpoints.handle(req))!, 400);
    for (const parsedBody of [[LOGIN], null, 42]) {
      const odd = request({ path: '/auth/login', headers: JSON_TYPE, parsedBody });
      expectRefusal((await endpoints.handle(odd))!, 400);
    }
    const big = request({
      path: '/auth/login',
      headers: FORM,
      parsedBody: new Uint8Array(20_000).fill(0x61),
    });
    expectRefusal((await endpoints.handle(big))!, 413);
    const nested = request({
      path: '/auth/token',
      headers: FORM,
      parsedBody: { grant_type: ['refresh_token', 'password'], refresh_token: 'jgr_x' },
    });
    expectRefusal((await endpoints.handle(nested))!, 400);
  });

  it('treats an empty body as no parameters', async () => {
    const { endpoints } = setUp();
    const response = await send(endpoints, { path: '/auth/login', headers: FORM, body: '' });
    expect(response.status).toBe(401);
    for (const parsedBody of [{}, '']) {
      const parsed = request({ path: '/auth/logout', parsedBody });
      expect((await endpoints.handle(parsed))!.status).toBe(204);
    }
    // Empty, yet declared as another media type: refused as that type.
    const typed = request({
      path: '/auth/login',
      headers: { 'content-type': 'text/plain' },
      parsedBody: {},
    });
    expectRefusal((await endpoints.handle(typed))!, 400);
    // A parsed form that is empty is no parameters: 401, not a crash.
    const empty = request({ path: '/auth/login', headers: FORM, parsedBody: {} });
    expect((await endpoints.handle(empty))!.status).toBe(401);
  });
});
