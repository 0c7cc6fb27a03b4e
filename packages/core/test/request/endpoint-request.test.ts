/**
 * The request parts the Node adapters hand the issuer's endpoints: every header as received,
 * the capped body reader, and a parser's result only when the stream is spent.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readNodeEndpointRequest } from '../../src/request/endpoint-request.js';

class TooLarge extends Error {}
const tooLarge = () => new TooLarge();

function incoming(rawHeaders: string[], ended = false) {
  const stream = Object.assign(new PassThrough(), { rawHeaders, headers: {} });
  if (ended) Object.defineProperty(stream, 'readableEnded', { value: true });
  return stream;
}

describe('readNodeEndpointRequest', () => {
  it('keeps every header line as received', () => {
    const req = incoming(['Cookie', 'a=1', 'cookie', 'b=2', 'Content-Type', 'text/plain']);
    const { headers } = readNodeEndpointRequest(req, () => undefined, tooLarge);
    expect(headers.get('cookie')).toBe('a=1; b=2');
    expect(headers.get('content-type')).toBe('text/plain');
  });

  it('reads the body on demand, under the cap', async () => {
    const req = incoming([]);
    const parts = readNodeEndpointRequest(req, () => 'unused', tooLarge);
    expect(parts).not.toHaveProperty('parsedBody');
    const body = parts.readBody(5);
    req.end('abc');
    expect(new TextDecoder().decode(await body)).toBe('abc');
  });

  it('refuses a body past the cap with the caller error', async () => {
    const req = incoming([]);
    const body = readNodeEndpointRequest(req, () => undefined, tooLarge).readBody(2);
    req.end('abc');
    await expect(body).rejects.toBeInstanceOf(TooLarge);
  });

  it('gives what a parser read once the stream is spent', () => {
    const parts = readNodeEndpointRequest(incoming([], true), () => ({ a: '1' }), tooLarge);
    expect(parts.parsedBody).toEqual({ a: '1' });
  });
});
