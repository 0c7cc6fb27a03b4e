/** The protected-resource metadata (RFC 9728) as Nest middleware, on the Node message it gets. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  createRouteMiddlewares,
  type MiddlewareType,
  type PolicyCheck,
} from '@jwt-guard/core/adapter';

// Express and Fastify's middleware layer keep the target in `originalUrl` before a mount
// path is cut off.
type Message = IncomingMessage & { readonly originalUrl?: string };
type Middleware = (request: Message, response: ServerResponse, next: () => void) => void;
interface PolicyOnly extends MiddlewareType {
  readonly middleware: PolicyCheck<this['params']>;
}

/** Serves the metadata at its path; `.metadata.path` and `.url` say where. */
export const { protectedResourceMetadata } = createRouteMiddlewares<
  PolicyOnly,
  unknown,
  Middleware
>({
  policy: (check) => check,
  metadata: (answerTo) => (request, response, next) => {
    const target = request.originalUrl ?? request.url ?? '/';
    const answer = answerTo(request.method ?? 'GET', target.split('?', 1)[0] ?? '/');
    if (answer === undefined) return next();
    response.writeHead(answer.status, answer.headers).end(answer.body);
  },
});
