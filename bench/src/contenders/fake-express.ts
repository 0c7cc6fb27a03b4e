/**
 * Drives an Express middleware without a server: a minimal request carrying the bearer
 * token, a response it must not touch, and `next` settling a promise.
 */
import type { Request, RequestHandler, Response } from 'express';

const HOST = '127.0.0.1';

/**
 * A request object with what Express auth middlewares read (headers, raw headers, URL,
 * method, protocol, query, body, `get`, `is`).
 *
 * @example
 * ```ts
 * handler(fakeRequest(token), res, next);
 * ```
 */
export function fakeRequest(token: string): Request {
  const authorization = `Bearer ${token}`;
  const headers: Record<string, string> = { host: HOST, authorization };
  return {
    headers,
    rawHeaders: ['Host', HOST, 'Authorization', authorization],
    method: 'GET',
    url: '/hello',
    originalUrl: '/hello',
    path: '/hello',
    protocol: 'http',
    query: {},
    body: undefined,
    socket: { remoteAddress: HOST },
    get: (name: string) => headers[name.toLowerCase()],
    header: (name: string) => headers[name.toLowerCase()],
    is: () => false,
  } as unknown as Request;
}

/**
 * Turns a middleware into `verify(token)`: resolves on `next()`, rejects on `next(error)`.
 *
 * @example
 * ```ts
 * const verify = driveMiddleware(jwtAuth({ issuer, audience }));
 * await verify(token);
 * ```
 */
export function driveMiddleware(handler: RequestHandler): (token: string) => Promise<void> {
  const response = {} as Response;
  return (token) =>
    new Promise<void>((resolve, reject) => {
      handler(fakeRequest(token), response, (error?: unknown) => {
        if (error) reject(error);
        else resolve();
      });
    });
}
