/** Drives a Hono app in-process with `app.request()`; anything but 200 is a failure. */
import type { Hono } from 'hono';

/**
 * Turns an app serving `GET /hello` behind auth into `verify(token)`.
 *
 * @example
 * ```ts
 * const verify = honoDriver(new Hono().get('/hello', jwk(options), (c) => c.text('ok')));
 * ```
 */
export function honoDriver(app: Hono): (token: string) => Promise<void> {
  return async (token) => {
    const response = await app.request('/hello', { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200) throw new Error(`hono answered ${response.status}`);
  };
}
