/** Serves a Fastify app on its own listener on 127.0.0.1 and a free port, for real HTTP tests. */
import type { FastifyInstance } from 'fastify';

/**
 * Starts `app` and gives its base URL.
 *
 * @example
 * ```ts
 * const base = await serve(app);
 * ```
 */
export async function serve(app: FastifyInstance): Promise<string> {
  return app.listen({ port: 0, host: '127.0.0.1' });
}

/** A GET with an optional bearer token (or any Authorization value). */
export function get(base: string, path: string, authorization?: string): Promise<Response> {
  return fetch(`${base}${path}`, authorization ? { headers: { authorization } } : {});
}

/** An RFC 6750 challenge of realm "api". */
export const challenge = (error: string, description: string, scope?: string) =>
  `Bearer realm="api", error="${error}", error_description="${description}"${scope ? `, scope="${scope}"` : ''}`;
