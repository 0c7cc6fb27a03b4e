/**
 * Protected-resource metadata (RFC 9728): the document that tells a client which
 * authorization servers an API trusts and which scopes it knows, served at
 * `/.well-known/oauth-protected-resource` (with the resource's path after it, §3.1), and
 * named in every challenge (`resource_metadata`, §5.1), so that a client that knows nothing
 * finds its way from a single 401.
 */
import { isChallengeSafe } from './errors/challenge.js';
import { assertFetchableUrl } from './keys/url-policy.js';
import { type Fail, failWith } from './options/option-error.js';
import { isScopeToken } from './options/strings.js';

/** What the metadata document says (RFC 9728 §2), in camelCase. */
export interface ProtectedResourceMetadataOptions {
  /** The resource identifier: an `https` URL without fragment (plain `http` on loopback only). */
  readonly resource: string;
  /** Issuer identifiers of the authorization servers whose tokens the API accepts. */
  readonly authorizationServers?: readonly string[];
  /** Scopes the API knows, as `requireScope` names them. */
  readonly scopesSupported?: readonly string[];
  /** How tokens may be sent: `header`, `body`, `query`. Default `['header']`. */
  readonly bearerMethodsSupported?: readonly ('header' | 'body' | 'query')[];
  /** A human-readable name of the API. */
  readonly resourceName?: string;
  /** A page for developers. */
  readonly resourceDocumentation?: string;
  /** RFC 9449: the DPoP proof algorithms accepted. */
  readonly dpopSigningAlgValuesSupported?: readonly string[];
  /** RFC 9449: whether every token must be DPoP-bound. */
  readonly dpopBoundAccessTokensRequired?: boolean;
  /** RFC 8705: whether the API supports certificate-bound tokens. */
  readonly tlsClientCertificateBoundAccessTokens?: boolean;
}

/** The prepared metadata: where it is served, its absolute URL, and its JSON. */
export interface ProtectedResourceMetadata {
  /** The path it is served at, e.g. `/.well-known/oauth-protected-resource/orders`. */
  readonly path: string;
  /** Its absolute URL: what challenges name in `resource_metadata`. */
  readonly url: string;
  readonly document: Readonly<Record<string, unknown>>;
  /** The JSON body. */
  readonly body: string;
}

const WELL_KNOWN = '/.well-known/oauth-protected-resource';
const BEARER_METHODS = new Set(['header', 'body', 'query']);

const fail: Fail = failWith(
  (option) => `jwt-guard: protectedResourceMetadata() option "${option}"`,
);

/**
 * Validates the options (a `TypeError` names the option) and prepares the document.
 *
 * @example
 * ```ts
 * const metadata = protectedResourceMetadata({
 *   resource: 'https://api.example.com/orders',
 *   authorizationServers: ['https://id.example.com/'],
 *   scopesSupported: ['read:orders'],
 * });
 * metadata.url; // 'https://api.example.com/.well-known/oauth-protected-resource/orders'
 * ```
 */
export function protectedResourceMetadata(
  options: ProtectedResourceMetadataOptions,
): ProtectedResourceMetadata {
  if (typeof options !== 'object' || options === null) fail('options', 'must be an object');
  const { resource } = options;
  if (typeof resource !== 'string') fail('resource', 'is required (a URL)');
  assertFetchableUrl(resource, 'jwt-guard: protectedResourceMetadata() option "resource"');
  const url = new URL(resource);
  if (resource.includes('#')) fail('resource', 'must not have a fragment (RFC 9728 §1.2)');
  const servers = urls(options.authorizationServers, 'authorizationServers');
  const scopes = strings(options.scopesSupported, 'scopesSupported', isScopeToken);
  const methods = strings(
    options.bearerMethodsSupported ?? ['header'],
    'bearerMethodsSupported',
    (m) => BEARER_METHODS.has(m),
  );
  const dpopAlgs = strings(
    options.dpopSigningAlgValuesSupported,
    'dpopSigningAlgValuesSupported',
    (a) => /^[A-Za-z0-9+_.-]+$/.test(a),
  );
  for (const name of ['resourceName', 'resourceDocumentation'] as const) {
    const value = options[name];
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      fail(name, 'must be a non-empty string');
    }
  }
  if (options.resourceDocumentation !== undefined) {
    assertFetchableUrl(
      options.resourceDocumentation,
      'jwt-guard: protectedResourceMetadata() option "resourceDocumentation"',
    );
  }
  // §3.1: the well-known segment goes between the host and the resource's path.
  const suffix = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  const path = `${WELL_KNOWN}${suffix}`;
  const metadataUrl = `${url.origin}${path}`;
  if (!isChallengeSafe(metadataUrl)) fail('resource', 'must be printable ASCII');
  const document = Object.freeze({
    resource,
    ...(servers && { authorization_servers: servers }),
    ...(scopes && { scopes_supported: scopes }),
    bearer_methods_supported: methods,
    ...(options.resourceName !== undefined && { resource_name: options.resourceName }),
    ...(options.resourceDocumentation !== undefined && {
      resource_documentation: options.resourceDocumentation,
    }),
    ...(dpopAlgs && { dpop_signing_alg_values_supported: dpopAlgs }),
    ...(options.dpopBoundAccessTokensRequired !== undefined && {
      dpop_bound_access_tokens_required: options.dpopBoundAccessTokensRequired === true,
    }),
    ...(options.tlsClientCertificateBoundAccessTokens !== undefined && {
      tls_client_certificate_bound_access_tokens:
        options.tlsClientCertificateBoundAccessTokens === true,
    }),
  });
  return Object.freeze({ path, url: metadataUrl, document, body: JSON.stringify(document) });
}

/**
 * The response to a request for the metadata, or `undefined` when the request is for
 * something else (the adapter then goes on). GET and HEAD only.
 *
 * @example
 * ```ts
 * const answer = metadataResponse(metadata, req.method, req.path);
 * if (answer) return res.status(answer.status).set(answer.headers).send(answer.body);
 * ```
 */
export function metadataResponse(
  metadata: ProtectedResourceMetadata,
  method: string,
  pathname: string,
): { status: number; headers: Record<string, string>; body: string } | undefined {
  if (pathname !== metadata.path || (method !== 'GET' && method !== 'HEAD')) return undefined;
  return {
    status: 200,
    headers: {
      'Content-Type': 'application/json',
      // Public and stable: clients and caches may keep it for an hour.
      'Cache-Control': 'public, max-age=3600',
    },
    body: method === 'HEAD' ? '' : metadata.body,
  };
}

function urls(values: readonly string[] | undefined, option: string) {
  const list = strings(values, option, () => true);
  for (const value of list ?? []) {
    assertFetchableUrl(value, `jwt-guard: protectedResourceMetadata() option "${option}"`);
  }
  return list;
}

function strings(
  values: readonly string[] | undefined,
  option: string,
  valid: (value: string) => boolean,
): readonly string[] | undefined {
  if (values === undefined) return undefined;
  if (
    !Array.isArray(values) ||
    values.length === 0 ||
    values.some((v) => typeof v !== 'string' || !valid(v))
  ) {
    fail(option, 'must be a non-empty array of valid values');
  }
  return Object.freeze([...values]);
}
