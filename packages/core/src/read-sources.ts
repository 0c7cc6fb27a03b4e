/**
 * What the Node and the fetch request readers share: the binding parts (method, address,
 * `DPoP` fields, client certificate) and the form body, each added to the token sources
 * only when the plan wants it. Each reader says where its request keeps these parts.
 */
import type { WantedSources } from './authenticator-plan.js';
import { type CertificateOrigins, readClientCertificate } from './mtls/client-certificate.js';
import type { RequestAddress } from './request-context.js';
import { isFormContentType, type TokenSources } from './token/extract-token.js';

/** Where a reader's request keeps what sender binding needs; each is asked only when wanted. */
export interface BindingParts {
  readonly method: string | undefined;
  /** How the request was addressed (DPoP's `htu`). */
  readonly address: () => RequestAddress;
  /** Every `DPoP` field value (RFC 9449 §4.3). */
  readonly dpop: () => string | readonly string[] | null | undefined;
  /** The value(s) of a trusted proxy's certificate header (RFC 9440), by lower-case name. */
  readonly header: (name: string) => string | readonly string[] | null | undefined;
  /** The connection's own certificate: a TLS socket, Cloudflare's `cf`. */
  readonly peer: () => Omit<CertificateOrigins, 'header'>;
}

/**
 * `sources` with what DPoP and certificate binding need; the certificate from the trusted
 * header alone when one is configured (behind a proxy, the connection is the proxy's),
 * else from the connection.
 *
 * @example
 * ```ts
 * if (wanted.dpop || wanted.certificate) sources = withBindingSources(sources, wanted, parts);
 * ```
 */
export function withBindingSources(
  sources: TokenSources,
  wanted: WantedSources,
  parts: BindingParts,
): TokenSources {
  const header = wanted.certificateHeader;
  return {
    ...sources,
    method: parts.method,
    address: wanted.dpop ? parts.address() : undefined,
    dpop: wanted.dpop ? parts.dpop() : undefined,
    certificate: wanted.certificate
      ? header === undefined
        ? readClientCertificate(false, parts.peer())
        : readClientCertificate(true, { header: parts.header(header) })
      : undefined,
  };
}

/**
 * `sources` with the form body, when a form token is allowed and the `Content-Type` is
 * form-urlencoded (RFC 6750 §2.2): `parse(request)` runs only then, and may answer a
 * promise.
 *
 * @example
 * ```ts
 * return withFormBody(sources, wanted.formBody ? contentType : undefined, (req) => req.body, req);
 * ```
 */
export function withFormBody<Request>(
  sources: TokenSources,
  contentType: string | null | undefined,
  parse: ((request: Request) => unknown) | undefined,
  request: Request,
): TokenSources | Promise<TokenSources> {
  if (parse === undefined || !isFormContentType(contentType)) return sources;
  const formBody = parse(request);
  return formBody instanceof Promise
    ? formBody.then((parsed) => ({ ...sources, contentType, formBody: parsed }))
    : { ...sources, contentType, formBody };
}
