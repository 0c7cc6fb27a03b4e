/**
 * The capped reader of a fetch Request body: the whole body up to the cap, in order; the
 * typed refusal past it, by Content-Length before reading or by the bytes that arrived; the
 * stream left unlocked either way.
 */
import { describe, expect, it } from 'vitest';
import { readCappedBody } from '../../src/web/read-body.js';

class TooLarge extends Error {}
const tooLarge = () => new TooLarge();

const streamOf = (chunks: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });

const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request('http://127.0.0.1/auth/login', {
    method: 'POST',
    body,
    headers,
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);

describe('readCappedBody', () => {
  it('reads every chunk up to exactly the cap, in order', async () => {
    const request = post(streamOf(['abc', 'de', 'f']), { 'content-length': '6' });
    const body = await readCappedBody(request, 6, tooLarge);
    expect(new TextDecoder().decode(body)).toBe('abcdef');
  });

  it('answers an empty body for a request without one', async () => {
    expect(await readCappedBody(post(null), 6, tooLarge)).toEqual(new Uint8Array(0));
  });

  it('refuses a declared Content-Length over the cap without pulling a byte', async () => {
    let pulled = false;
    // No queue to fill ahead: only a reader's read() pulls.
    const body = new ReadableStream<Uint8Array>(
      {
        pull() {
          pulled = true;
        },
      },
      { highWaterMark: 0 },
    );
    const request = post(body, { 'content-length': '7' });
    await expect(readCappedBody(request, 6, tooLarge)).rejects.toBeInstanceOf(TooLarge);
    expect(pulled).toBe(false);
  });

  it('refuses a body that grows past the cap, and leaves its stream unlocked', async () => {
    const request = post(streamOf(['abcd', 'efg', 'never read']));
    await expect(readCappedBody(request, 6, tooLarge)).rejects.toBeInstanceOf(TooLarge);
    expect(request.body?.locked).toBe(false);
  });
});
