/**
 * Reading a request body from Node's `IncomingMessage` with a byte cap, for the Node-based
 * adapters (Express, Koa) that serve the token endpoints without a body parser.
 */
import { concatChunks } from '../web/read-body.js';

/** The part of Node's `IncomingMessage` the reader uses: read structurally, no `node:` import. */
export interface NodeBodyStream {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
  off(event: 'end' | 'close', listener: () => void): unknown;
  off(event: 'error', listener: (error: Error) => void): unknown;
  resume(): unknown;
  readonly readableEnded?: boolean;
}

/**
 * Reads the whole body of `stream`, rejecting with `tooLarge()` as soon as it is known to
 * exceed `limitBytes`: by its `Content-Length` before a byte is read, or by what arrived. The
 * rest of a refused body is drained unread (as Express's finalhandler does), so that the
 * connection stays usable and the client gets the answer instead of a reset. A stream that
 * closes or fails before its end rejects: it never hangs.
 *
 * @example
 * ```ts
 * const body = await readNodeBody(req, 64 * 1024, () => new RangeError('body too large'));
 * ```
 */
export function readNodeBody(
  stream: NodeBodyStream,
  limitBytes: number,
  tooLarge: () => Error,
): Promise<Uint8Array> {
  if (stream.readableEnded) return Promise.resolve(new Uint8Array(0));
  const declared = Number(stream.headers['content-length']);
  if (declared > limitBytes) {
    stream.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const settle = (finish: () => void) => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('close', onClose);
      stream.off('error', onError);
      finish();
    };
    const onData = (chunk: Uint8Array) => {
      size += chunk.length;
      if (size > limitBytes) {
        // Without a data listener, the resumed stream discards what is left.
        settle(() => reject(tooLarge()));
        stream.resume();
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => settle(() => resolve(concatChunks(chunks, size)));
    const onClose = () =>
      settle(() => reject(new Error('jwt-guard: the request body ended early')));
    const onError = (error: Error) => settle(() => reject(error));
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('close', onClose);
    stream.on('error', onError);
  });
}
