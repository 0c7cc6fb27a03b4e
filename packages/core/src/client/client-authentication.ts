/**
 * Client authentication at the token endpoint: `client_secret_basic` (RFC 6749 §2.3.1),
 * `client_secret_post` (§2.3.1, body parameters) and `private_key_jwt` (RFC 7523 §2.2,
 * OpenID Connect Core §9).
 */
import { SignJWT } from 'jose';
import { type AssertionKey, loadAssertionKey } from './assertion-key.js';
import type { ResolvedTokenClientOptions } from './options.js';
import { TokenClientError } from './token-client-error.js';

/** What one token request carries to authenticate the client. */
export interface ClientCredentials {
  readonly headers: Readonly<Record<string, string>>;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * What client authentication reads of a client's options: the token client's, or an
 * issuer's `introspection` option (the same methods at another endpoint).
 */
export type ClientAuthenticationOptions = Pick<
  ResolvedTokenClientOptions,
  'issuer' | 'clientId' | 'clientSecret' | 'privateKey' | 'privateKeyAlg' | 'authMethod' | 'now'
>;

/** Produces the credentials for one request to `tokenEndpoint`. */
export type ClientAuthentication = (tokenEndpoint: string) => Promise<ClientCredentials>;

// A client assertion is used once; a minute covers transit and modest clock skew.
const ASSERTION_LIFETIME_S = 60;

/** application/x-www-form-urlencoded encoding of one value (space as `+`, `!'()*` escaped). */
const formEncode = (value: string) => new URLSearchParams([['', value]]).toString().slice(1);

/**
 * Builds the authentication the options ask for. Secrets and keys stay in this closure.
 *
 * @example
 * ```ts
 * const authenticate = createClientAuthentication(resolved);
 * const { headers, params } = await authenticate('https://id.example.com/token');
 * ```
 */
export function createClientAuthentication(
  options: ClientAuthenticationOptions,
): ClientAuthentication {
  const { clientId, clientSecret, authMethod } = options;
  if (authMethod === 'client_secret_basic') {
    // RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined and
    // base64-encoded; a secret with `:` or non-ASCII characters fails without it.
    const basic = btoa(`${formEncode(clientId)}:${formEncode(clientSecret as string)}`);
    const credentials = { headers: { authorization: `Basic ${basic}` }, params: {} };
    return async () => credentials;
  }
  if (authMethod === 'client_secret_post') {
    const credentials = {
      headers: {},
      params: { client_id: clientId, client_secret: clientSecret as string },
    };
    return async () => credentials;
  }
  let key: Promise<AssertionKey> | undefined;
  return async () => {
    key ??= loadAssertionKey(options.privateKey!, options.privateKeyAlg!);
    let assertion: string;
    try {
      const { key: signingKey, alg, kid } = await key;
      const now = Math.floor(options.now() / 1000);
      assertion = await new SignJWT({})
        .setProtectedHeader(kid === undefined ? { alg } : { alg, kid })
        .setIssuer(clientId)
        .setSubject(clientId)
        // The issuer identifier as a single string, as draft-ietf-oauth-rfc7523bis requires
        // after the 2025 audience-injection findings; oidc-provider accepts the issuer, the
        // token endpoint or the endpoint URL.
        .setAudience(options.issuer)
        .setJti(crypto.randomUUID())
        .setIssuedAt(now)
        .setExpirationTime(now + ASSERTION_LIFETIME_S)
        .sign(signingKey);
    } catch (cause) {
      // A key that cannot be loaded stays broken: keep the rejection, it is a configuration error.
      throw new TokenClientError('ERR_CLIENT_ASSERTION', { cause });
    }
    return {
      headers: {},
      params: {
        client_id: clientId,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      },
    };
  };
}
