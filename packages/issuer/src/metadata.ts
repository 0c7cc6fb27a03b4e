/** The RFC 8414 authorization server metadata of a first-party issuer. */
import { DEFAULT_DPOP_ALGORITHMS } from '@jwt-guard/core';

/** The metadata document (RFC 8414 §2). */
export interface IssuerMetadata {
  /** The issuer identifier: `iss` of every token. */
  readonly issuer: string;
  /** Where the key set is served (`/.well-known/jwks.json`). */
  readonly jwks_uri: string;
  /** The refresh endpoint (`/auth/token`, RFC 6749 §6). */
  readonly token_endpoint: string;
  /** The RFC 7009 revocation endpoint (`/auth/revoke`). */
  readonly revocation_endpoint: string;
  /** `['refresh_token']`: login is the app's own endpoint, not an OAuth grant. */
  readonly grant_types_supported: readonly string[];
  /** `['none']`: first-party public clients; the refresh token is the credential. */
  readonly token_endpoint_auth_methods_supported: readonly string[];
  /** `['none']`, as for the token endpoint. */
  readonly revocation_endpoint_auth_methods_supported: readonly string[];
  /** Empty: there is no authorization endpoint. */
  readonly response_types_supported: readonly string[];
  /** The DPoP proof algorithms accepted (RFC 9449 §5.1). */
  readonly dpop_signing_alg_values_supported: readonly string[];
}

/** Where the endpoints are mounted. */
export interface MetadataOptions {
  /** The `basePath` the token endpoints are mounted at. Default `''`. */
  readonly basePath?: string;
}

/**
 * The metadata for `issuer`. Refresh is the only grant (these are first-party public
 * clients: no client authentication, `none`), and there is no authorization endpoint.
 *
 * @example
 * ```ts
 * buildMetadata('https://api.example.com').jwks_uri; // https://api.example.com/.well-known/jwks.json
 * ```
 */
export function buildMetadata(issuer: string, options: MetadataOptions = {}): IssuerMetadata {
  const origin = issuer.replace(/\/+$/, '');
  const base = `${origin}${(options.basePath ?? '').replace(/\/+$/, '')}`;
  return {
    issuer,
    jwks_uri: `${base}/.well-known/jwks.json`,
    token_endpoint: `${base}/auth/token`,
    revocation_endpoint: `${base}/auth/revoke`,
    grant_types_supported: ['refresh_token'],
    token_endpoint_auth_methods_supported: ['none'],
    revocation_endpoint_auth_methods_supported: ['none'],
    // RFC 8414 §2 makes this REQUIRED; no authorization endpoint means no response type.
    response_types_supported: [],
    // RFC 9449 §5.1: the proof algorithms core's DPoP verifier accepts by default.
    dpop_signing_alg_values_supported: [...DEFAULT_DPOP_ALGORITHMS],
  };
}
