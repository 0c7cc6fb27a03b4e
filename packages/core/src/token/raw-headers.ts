/** Reading headers from Node's `IncomingMessage`, where a repeated field is still visible. */

/**
 * Collects every `Authorization` value from Node's `rawHeaders` list, which, unlike
 * `req.headers`, keeps a second copy that Node would silently drop.
 *
 * @example
 * ```ts
 * authorizationFromRawHeaders(req.rawHeaders); // ['Bearer a', 'Bearer b'] for a duplicated field
 * ```
 */
export function authorizationFromRawHeaders(rawHeaders: readonly string[]): string[] {
  return headerValuesFromRawHeaders(rawHeaders, 'authorization');
}

/**
 * Every value of the header `name` (lower-case), in order: a repeated field stays visible
 * (two `DPoP` headers are refused, RFC 9449 §4.3).
 *
 * @example
 * ```ts
 * headerValuesFromRawHeaders(req.rawHeaders, 'dpop'); // ['eyJ...']
 * ```
 */
export function headerValuesFromRawHeaders(rawHeaders: readonly string[], name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const field = rawHeaders[i] as string;
    if (field.length === name.length && field.toLowerCase() === name) {
      values.push(rawHeaders[i + 1] ?? '');
    }
  }
  return values;
}

/**
 * A fetch `Headers` of Node's `rawHeaders` list, for framework-free handlers on Node. A
 * repeated field is joined as fetch joins it (`Cookie` lines with `, `).
 *
 * @example
 * ```ts
 * headersFromRaw(req.rawHeaders).get('content-type');
 * ```
 */
export function headersFromRaw(rawHeaders: readonly string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    headers.append(rawHeaders[i] as string, rawHeaders[i + 1] ?? '');
  }
  return headers;
}
