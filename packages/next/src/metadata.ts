/** The RFC 9728 protected-resource metadata document as a Next.js route handler. */
import { protectedResourceMetadata as prepare } from '@jwt-guard/core';
import { metadataResponse, type ProtectedResourceMetadataOptions } from '@jwt-guard/core/adapter';

/**
 * A `GET` route handler serving the metadata document at the path it names (RFC 9728 §3);
 * bad options are a `TypeError` at creation.
 *
 * @example
 * ```ts
 * // app/.well-known/oauth-protected-resource/route.ts
 * export const GET = protectedResourceMetadata({ resource: 'https://api.example.com', authorizationServers: [issuer] });
 * ```
 */
export function protectedResourceMetadata(
  options: ProtectedResourceMetadataOptions,
): (request: Request) => Response {
  const metadata = prepare(options);
  return ({ method, url }) => {
    const answer = metadataResponse(metadata, method, new URL(url).pathname);
    return answer ? new Response(answer.body || null, answer) : new Response(null, { status: 404 });
  };
}
