/**
 * The one fetch-API request reader: every adapter whose framework hands over a Web
 * `Request` (Hono off Node, Next.js route handlers, `Bun.serve`, `Deno.serve`, SvelteKit,
 * Astro) reads its token sources here, and says only what its framework knows better:
 * where the `Request` is, a body it already parsed, how the request was addressed, and the
 * connection's certificate.
 */
import type { WantedSources } from '../authenticator-plan.js';
import { createError } from '../errors/jwt-guard-error.js';
import type { CertificateOrigins } from '../mtls/client-certificate.js';
import { withBindingSources, withFormBody } from '../read-sources.js';
import type { RequestAddress } from '../request-context.js';
import type { TokenSources } from '../token/extract-token.js';
import { readCappedBody } from './read-body.js';

/**
 * What an adapter tells the reader about its framework's request. Where the framework's
 * request is the `Request` itself (Next, Bun, Deno), `{ request: (r) => r }` is all of it.
 */
export interface WebRequestLifting<FrameworkRequest> {
  /** The fetch `Request` behind the framework's request (Hono: `c.req.raw`). */
  readonly request: (request: FrameworkRequest) => Request;
  /**
   * The form body the framework parsed, read only when a form token is allowed and the
   * `Content-Type` is form-urlencoded (RFC 6750 §2.2); a promise where parsing is async. A
   * repeated field must come as an array (two tokens). Default: read from a clone of the
   * `Request` (so the handler can still read it), capped at 64 KiB.
   */
  readonly body?: ((request: FrameworkRequest) => unknown) | undefined;
  /**
   * How the request was addressed, read only when DPoP is on. Default: the `Request`'s
   * absolute URL, which the runtime built (core checks its authority again).
   */
  readonly address?: ((request: FrameworkRequest) => RequestAddress) | undefined;
  /**
   * The connection's client certificate, read only when certificate binding is on without a
   * trusted header. Default: Cloudflare's `request.cf` (other runtimes lend none).
   */
  readonly peer?: ((request: FrameworkRequest) => Omit<CertificateOrigins, 'header'>) | undefined;
}

/** The largest form body the default reader parses: a form token is at most a few KiB. */
const FORM_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * The token sources of a fetch `Request`, reading only what `wanted` asks for. Fetch
 * `Headers` join a repeated field with `, `, which core refuses as two credentials (RFC 6750
 * §2) or as an invalid proof (RFC 9449 §4.3); the certificate comes from the trusted header
 * alone when one is configured, else from {@link WebRequestLifting.peer}.
 *
 * @example
 * ```ts
 * const next: WebRequestLifting<Request> = { request: (request) => request };
 * const plan = prepareAuthenticator<Request>(options, (request, wanted) => readWebRequest(request, wanted, next));
 * ```
 */
export function readWebRequest<FrameworkRequest>(
  request: FrameworkRequest,
  wanted: WantedSources,
  lifting: WebRequestLifting<FrameworkRequest>,
): TokenSources | Promise<TokenSources> {
  const raw = lifting.request(request);
  const headers = raw.headers;
  let sources: TokenSources = {
    authorization: headers.get('authorization'),
    query: raw.url,
    cookie: wanted.cookie ? headers.get('cookie') : undefined,
  };
  if (wanted.dpop || wanted.certificate) {
    sources = withBindingSources(sources, wanted, {
      method: raw.method,
      address: () => lifting.address?.(request) ?? { target: raw.url },
      dpop: () => headers.get('dpop'),
      header: (name) => headers.get(name),
      peer: () => lifting.peer?.(request) ?? { cf: (raw as { cf?: unknown }).cf },
    });
  }
  const contentType = wanted.formBody ? headers.get('content-type') : null;
  return lifting.body
    ? withFormBody(sources, contentType, lifting.body, request)
    : withFormBody(sources, contentType, readForm, raw);
}

// A clone, so that the handler still reads the body; fields in order, a repeated one as an
// array, in an object without a prototype so `__proto__` stays a plain field. A body the
// app already read cannot be read again: it carries no token.
async function readForm(request: Request): Promise<Record<string, string | string[]>> {
  if (request.bodyUsed) return {};
  const tooLarge = () => createError('ERR_MALFORMED_AUTHORIZATION');
  const bytes = await readCappedBody(request.clone(), FORM_BODY_LIMIT_BYTES, tooLarge);
  const fields: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of new URLSearchParams(new TextDecoder().decode(bytes))) {
    const seen = fields[name];
    fields[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return fields;
}
