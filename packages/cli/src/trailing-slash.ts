/**
 * Whether two issuer identifiers differ only by a trailing slash: the usual mistake, said
 * plainly because it otherwise looks like an outage or a forged token.
 *
 * @example
 * ```ts
 * differOnlyBySlash('https://id.example.com/', 'https://id.example.com'); // true
 * ```
 */
export function differOnlyBySlash(a: string, b: string): boolean {
  return a !== b && a.replace(/\/$/, '') === b.replace(/\/$/, '');
}
