/**
 * The protected-resource metadata (RFC 9728) as Nest middleware, on the Node request both
 * platforms hand to middleware; core prepares the document and decides each answer.
 */
import {
  createRouteMiddlewares,
  type MiddlewareType,
  type PolicyCheck,
} from '@jwt-guard/core/adapter';

interface NodeMessage {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  /** Express and Fastify's middleware layer keep the target here before a mount path is cut. */
  readonly originalUrl?: string | undefined;
}
interface NodeResponse {
  writeHead(status: number, headers: Record<string, string>): { end(body: string): unknown };
}
type MetadataMiddleware = (request: NodeMessage, response: NodeResponse, next: () => void) => void;
interface PolicyOnly extends MiddlewareType {
  readonly middleware: PolicyCheck<this['params']>;
}

/** Serves the metadata at its path; `.metadata.path` and `.url` say where. */
export const { protectedResourceMetadata } = createRouteMiddlewares<
  PolicyOnly,
  unknown,
  MetadataMiddleware
>({
  policy: (check) => check,
  metadata: (answerTo) => (request, response, next) => {
    const target = request.originalUrl ?? request.url ?? '/';
    const answer = answerTo(request.method ?? 'GET', target.split('?', 1)[0] ?? '/');
    if (answer === undefined) return next();
    response.writeHead(answer.status, answer.headers).end(answer.body);
  },
});
