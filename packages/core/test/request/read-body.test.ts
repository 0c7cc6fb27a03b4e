/**
 * The capped reader of a Node request body the Express and Koa token endpoints share: the
 * whole body under the cap; the typed refusal past it, by Content-Length or by what arrived;
 * never a hang when the client goes away.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readNodeBody } from '../../src/request/read-body.js';

class TooLarge extends Error {}
const tooLarge = () => new TooLarge();

function requestStream(headers: Record<string, string> = {}) {
  return Object.assign(new PassThrough(), { headers });
}

describe('readNodeBody', () => {
  it('reads every chunk up to the cap, in order', async () => {
    const stream = requestStream();
    const body = readNodeBody(stream, 6, tooLarge);
    stream.write('abc');
    stream.end('def');
    expect(new TextDecoder().decode(await body)).toBe('abcdef');
  });

  it('refuses a declared Content-Length over the cap before reading a byte', async () => {
    const stream = requestStream({ 'content-length': '7' });
    await expect(readNodeBody(stream, 6, tooLarge)).rejects.toBeInstanceOf(TooLarge);
  });

  it('reads a body of exactly the cap', async () => {
    const stream = requestStream({ 'content-length': '6' });
    const body = readNodeBody(stream, 6, tooLarge);
    stream.end('abcdef');
    expect((await body).length).toBe(6);
  });

  it('leaves none of its listeners behind once the body is read', async () => {
    const stream = requestStream();
    const events = ['data', 'end', 'close', 'error'] as const;
    const before = events.map((event) => stream.listenerCount(event));
    const body = readNodeBody(stream, 6, tooLarge);
    stream.end('abc');
    await body;
    expect(events.map((event) => stream.listenerCount(event))).toEqual(before);
  });

  it('refuses a body that grows past the cap without waiting for its end, then drains the rest', async () => {
    const stream = requestStream();
    const body = readNodeBody(stream, 6, tooLarge);
    stream.write('abcd');
    stream.write('efg');
    await expect(body).rejects.toBeInstanceOf(TooLarge);
    // Drained: what is still sent is discarded, and the stream reaches its end.
    const ended = new Promise((resolve) => stream.on('end', resolve));
    stream.end('more');
    await ended;
    expect(stream.listenerCount('data')).toBe(0);
  });

  it('rejects, never hangs, when the stream fails or closes before its end', async () => {
    const failing = requestStream();
    const failed = readNodeBody(failing, 100, tooLarge);
    const aborted = new Error('aborted');
    failing.destroy(aborted);
    // The stream's own error, as it came: the caller tells a reset from a refusal.
    await expect(failed).rejects.toBe(aborted);
    const closing = requestStream();
    const closed = readNodeBody(closing, 100, tooLarge);
    closing.destroy();
    await expect(closed).rejects.toThrow(Error);
  });

  it('answers an empty body for a stream some parser has already read', async () => {
    const stream = requestStream();
    stream.resume();
    stream.end('x');
    await new Promise((resolve) => stream.on('end', resolve));
    expect(await readNodeBody(stream, 6, tooLarge)).toEqual(new Uint8Array(0));
  });
});
