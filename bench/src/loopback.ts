/** The one guard on where the bench sends traffic: 127.0.0.1 only. */

/**
 * Throws unless `url` points at 127.0.0.1.
 *
 * @example
 * ```ts
 * assertLoopback(issuer.jwksUri);
 * ```
 */
export function assertLoopback(url: string | URL): void {
  const { hostname } = new URL(url);
  if (hostname !== '127.0.0.1') throw new Error(`bench only talks to 127.0.0.1, not ${hostname}`);
}

/**
 * `fetch` restricted to 127.0.0.1, for libraries that take a fetcher.
 *
 * @example
 * ```ts
 * const body = await (await loopbackFetch(issuer.jwksUri)).arrayBuffer();
 * ```
 */
export function loopbackFetch(input: string | URL, init?: RequestInit): Promise<Response> {
  assertLoopback(input);
  return fetch(input, init);
}
