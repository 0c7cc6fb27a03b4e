/**
 * Discovery shared through a store: the `jwks_uri` one instance found in the issuer's
 * metadata (checked: the metadata names this issuer exactly, the endpoint passes the URL
 * policy) is kept under `discovery:<issuer>`, so an instance that starts while the identity
 * provider is down still finds the key set a fleet shares, and a fleet makes one discovery
 * fetch, not one per instance. The store is trusted like the network path to the issuer.
 */
import type { SharedStore } from '../store/shared-store.js';
import { discoverJwksUri, IssuerMetadataError } from './discovery.js';
import type { FetchJsonOptions } from './fetch-json.js';
import { assertFetchableUrl } from './url-policy.js';

// Metadata rarely changes, and a key source keeps what it discovered for its whole life:
// a day bounds how long a fleet keeps an endpoint the issuer has moved away from.
const DISCOVERY_TTL_MS = 24 * 60 * 60 * 1000;

interface SharedDiscovery {
  readonly issuer: string;
  readonly jwks_uri: string;
}

/**
 * The issuer's `jwks_uri`: from the store when it holds one for this issuer, else
 * discovered (and then shared). A store that fails, or holds something unusable, is passed
 * by. Rejects as {@link discoverJwksUri} does.
 *
 * @example
 * ```ts
 * const jwksUri = await discoverSharedJwksUri(issuer, store, { fetch, timeoutMs: 5000, maxBytes: 262144 });
 * ```
 */
export async function discoverSharedJwksUri(
  issuer: string,
  store: SharedStore | undefined,
  options: Omit<FetchJsonOptions, 'etag'>,
): Promise<string> {
  if (!store) return discoverJwksUri(issuer, options);
  const key = `discovery:${issuer}`;
  const held = await store.get(key).then(
    (text) => sharedJwksUri(text, issuer),
    () => undefined,
  );
  if (held) return held;
  const jwksUri = await discoverJwksUri(issuer, options);
  const value: SharedDiscovery = { issuer, jwks_uri: jwksUri };
  await store.set(key, JSON.stringify(value), DISCOVERY_TTL_MS).catch(() => undefined);
  return jwksUri;
}

// What the store holds passes the same checks as metadata fetched from the issuer.
function sharedJwksUri(text: string | undefined, issuer: string): string | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<SharedDiscovery> | null;
    if (value?.issuer !== issuer || typeof value.jwks_uri !== 'string') return undefined;
    assertFetchableUrl(value.jwks_uri, 'jwks_uri', IssuerMetadataError);
    return value.jwks_uri;
  } catch {
    return undefined;
  }
}
