/** The RFC 9728 protected-resource metadata document as a Next.js route handler. */
import {
  metadataResponse,
  type ProtectedResourceMetadataOptions,
  protectedResourceMetadata as prepareMetadata,
} from '@jwt-guard/core/adapter';

/**
 * A `GET` (and `HEAD`) route handler serving the metadata document (RFC 9728 §3); put it at
 * the path the document names, `app/.well-known/oauth-protected-resource/<resource path>/`.
 * Options are checked at creation (a `TypeError` naming the option).
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
  const metadata = prepareMetadata(options);
  return (request) => {
    const answer = metadataResponse(metadata, request.method, new URL(request.url).pathname);
    if (!answer) return new Response(null, { status: 404 });
    return new Response(answer.body === '' ? null : answer.body, answer);
  };
}
