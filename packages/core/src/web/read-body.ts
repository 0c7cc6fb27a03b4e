/** Reading a fetch `Request` body with a byte cap, on every runtime with the fetch API. */

/**
 * Reads the whole body of `request`, rejecting with `tooLarge()` as soon as it is known to
 * exceed `limitBytes`: by its `Content-Length` before a byte is read, or by what arrived (a
 * chunked body has no length to trust). The stream is left, not cancelled, past the limit:
 * on Node, cancelling would destroy the socket before the answer is written, and the
 * runtimes drain or drop what is left.
 *
 * @example
 * ```ts
 * const body = await readCappedBody(request, 16_384, () => new RangeError('too large'));
 * ```
 */
export async function readCappedBody(
  request: Request,
  limitBytes: number,
  tooLarge: () => Error,
): Promise<Uint8Array> {
  if (Number(request.headers.get('content-length')) > limitBytes) throw tooLarge();
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      size += read.value.length;
      if (size > limitBytes) throw tooLarge();
      chunks.push(read.value);
    }
  } finally {
    reader.releaseLock();
  }
  return concatChunks(chunks, size);
}

/**
 * The chunks of a body, in order, as one array of `size` bytes.
 *
 * @example
 * ```ts
 * concatChunks([new Uint8Array([1]), new Uint8Array([2, 3])], 3); // Uint8Array [1, 2, 3]
 * ```
 */
export function concatChunks(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}
