/**
 * Base64url on Node's native `Buffer`, several times faster than jose's atob-based decoder
 * on Node 20, with the strictness SECURITY.md asks for: one spelling per byte string.
 */

interface NodeBufferStatic {
  from(
    text: string,
    encoding: 'base64url' | 'latin1',
  ): Uint8Array & {
    toString(encoding: 'base64url'): string;
  };
}

const NodeBuffer = (globalThis as { Buffer?: NodeBufferStatic }).Buffer;

/** True where Node's `Buffer` is available (the Node path runs only there). */
export const hasNodeBuffer = NodeBuffer !== undefined;

/**
 * The bytes of a canonical base64url segment, or `undefined` for any other spelling.
 * A segment is canonical exactly when encoding its bytes gives it back: there is one
 * canonical spelling per byte string, and Buffer's lenient decoder reads every other
 * spelling (padding, `+`/`/`, stray characters, trailing bits) to bytes that encode
 * differently. Two native passes cost less than a regular expression over the token.
 *
 * @example
 * ```ts
 * decodeCanonical('e30'); // Uint8Array of '{}'
 * decodeCanonical('e30='); // undefined: padding
 * ```
 */
export function decodeCanonical(text: string): Uint8Array | undefined {
  if (NodeBuffer === undefined || text.length === 0) return undefined;
  const bytes = NodeBuffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

/**
 * The bytes of an ASCII string, by a plain copy (latin1 equals UTF-8 on ASCII). The
 * signing input is ASCII once its segments passed {@link decodeCanonical}.
 *
 * @example
 * ```ts
 * asciiBytes('eyJ9.e30');
 * ```
 */
export function asciiBytes(text: string): Uint8Array {
  return (NodeBuffer as NodeBufferStatic).from(text, 'latin1');
}
