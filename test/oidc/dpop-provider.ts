/**
 * A real OpenID Provider (panva's oidc-provider) with DPoP (RFC 9449) on: a client
 * credentials token requested with a proof is bound to the proof's key (`cnf.jkt`) and
 * issued as token type `DPoP`; one requested without a proof is a plain bearer token.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDpopProof, type DpopKey } from '@jwt-guard/testing';
import { exportJWK, generateKeyPair } from 'jose';
import type { Configuration, ResourceServer } from 'oidc-provider';
import { createMemoryAdapter } from './memory-adapter.js';
import { RESOURCE, RESOURCE_SCOPES } from './provider.js';

// provider.js has loaded oidc-provider by now, hushing its notice about Node 20: this
// import finds the module in the cache and prints nothing.
const { Provider, errors } = await import('oidc-provider');

/** What the token endpoint answered. */
export interface IssuedToken {
  readonly accessToken: string;
  /** `DPoP` for a token bound to a key (RFC 9449 §5), `Bearer` otherwise. */
  readonly tokenType: string;
}

/** A running provider. */
export interface DpopProvider {
  /** Its issuer identifier: `http://127.0.0.1:<port>`, the `iss` of its tokens. */
  readonly issuer: string;
  /**
   * An access token for {@link RESOURCE} with every scope: bound to `key` (the request
   * carries a proof of it), or a bearer token without one.
   */
  token(key?: DpopKey): Promise<IssuedToken>;
  close(): Promise<void>;
}

/**
 * Starts a provider on 127.0.0.1 and a free port; its tokens are ES256 JWTs.
 *
 * @example
 * ```ts
 * const op = await startDpopProvider();
 * const { accessToken, tokenType } = await op.token(await generateDpopKey()); // tokenType: 'DPoP'
 * await op.close();
 * ```
 */
export async function startDpopProvider(): Promise<DpopProvider> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = { id: 'orders-worker', secret: randomBytes(32).toString('base64url') };
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), alg: 'ES256', use: 'sig' };
  const resourceServer: ResourceServer = {
    scope: RESOURCE_SCOPES,
    audience: RESOURCE,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'ES256' } },
  };
  const configuration: Configuration = {
    adapter: createMemoryAdapter(),
    jwks: { keys: [signingKey] },
    clients: [
      {
        client_id: client.id,
        client_secret: client.secret,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_post',
        id_token_signed_response_alg: 'ES256',
      },
    ],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // The 9.x name is `dPoP`, on by default; stated so a changed default cannot turn it off.
      // No `nonceSecret`: the token endpoint then checks the proof's `iat` instead of nonces.
      dPoP: { enabled: true },
      resourceIndicators: {
        enabled: true,
        getResourceServerInfo(_ctx, indicator) {
          if (indicator !== RESOURCE) throw new errors.InvalidTarget();
          return resourceServer;
        },
      },
    },
    ttl: { ClientCredentials: 600 },
  };
  server.on('request', new Provider(issuer, configuration).callback());
  const tokenEndpoint = `${issuer}/token`;

  return {
    issuer,
    async token(key) {
      const headers: Record<string, string> = {};
      // RFC 9449 §5: the token request carries a proof of the key to bind, for POST to the
      // token endpoint, without `ath` (there is no access token yet).
      if (key) headers.dpop = await createDpopProof(key, { method: 'POST', url: tokenEndpoint });
      const response = await fetch(tokenEndpoint, {
        method: 'POST',
        headers,
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: client.id,
          client_secret: client.secret,
          resource: RESOURCE,
          scope: RESOURCE_SCOPES,
        }),
      });
      const body = (await response.json()) as {
        access_token?: string;
        token_type?: string;
        error?: string;
        error_description?: string;
      };
      if (!response.ok || typeof body.access_token !== 'string') {
        throw new Error(
          `token request failed: ${response.status} ${body.error} (${body.error_description})`,
        );
      }
      return { accessToken: body.access_token, tokenType: String(body.token_type) };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
