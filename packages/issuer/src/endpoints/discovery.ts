/**
 * The public documents: RFC 8414 metadata and the JWKS (RFC 7517 §5), cacheable by anyone,
 * the key set no longer than the rotation schedule allows.
 */
import type { TokenIssuer } from '../token-issuer.js';
import type { ResolvedEndpoints } from './endpoint-options.js';
import type { EndpointResponse } from './types.js';

// The metadata changes only when the app is redeployed with other options.
const METADATA_MAX_AGE = 300;

function publicJson(body: unknown, maxAgeSeconds: number, head: boolean): EndpointResponse {
  return {
    status: 200,
    headers: [
      ['Cache-Control', `public, max-age=${maxAgeSeconds}`],
      ['Content-Type', 'application/json'],
    ],
    body: head ? '' : JSON.stringify(body),
  };
}

/**
 * The RFC 8414 metadata, its endpoint URLs under `basePath`, its DPoP algorithms those of
 * the `dpop.algorithms` option when set.
 *
 * @example
 * ```ts
 * const response = await metadata(tokens, resolved, false);
 * ```
 */
export async function metadata(
  tokens: TokenIssuer,
  resolved: ResolvedEndpoints,
  head: boolean,
): Promise<EndpointResponse> {
  const document = await tokens.metadata({ basePath: resolved.basePath });
  // RFC 9449 §5.1: advertise the proof algorithms these endpoints accept, when the app chose.
  const algorithms = resolved.dpopAlgorithms;
  return publicJson(
    algorithms === undefined
      ? document
      : { ...document, dpop_signing_alg_values_supported: algorithms },
    METADATA_MAX_AGE,
    head,
  );
}

/**
 * The key set. Its `max-age` is at most half of `keys.publishAhead`, so a verifier that
 * cached it still sees a next key published ahead before that key signs anything.
 *
 * @example
 * ```ts
 * const response = await jwks(tokens, resolved, false);
 * ```
 */
export async function jwks(
  tokens: TokenIssuer,
  resolved: ResolvedEndpoints,
  head: boolean,
): Promise<EndpointResponse> {
  return publicJson(await tokens.jwks(), resolved.jwksMaxAge, head);
}
