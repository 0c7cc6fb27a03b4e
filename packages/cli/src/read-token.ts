/** The token argument: given inline, or `-` for standard input (keeps it out of shell history). */

/**
 * Returns the token, reading all of `stdin` when `arg` is `-`; surrounding whitespace and a
 * `Bearer ` prefix (a pasted header value) are dropped.
 *
 * @example
 * ```ts
 * const token = await readToken('-', process.stdin);
 * ```
 */
export async function readToken(
  arg: string,
  stdin: AsyncIterable<Buffer | string>,
): Promise<string> {
  let text = arg;
  if (arg === '-') {
    const chunks: string[] = [];
    for await (const chunk of stdin) chunks.push(chunk.toString());
    text = chunks.join('');
  }
  return text.trim().replace(/^Bearer\s+/i, '');
}
