/**
 * A real OpenID Provider (panva's oidc-provider) with token introspection (RFC 7662),
 * revocation (RFC 7009) and DPoP on. Two workers get tokens for one API by the client
 * credentials grant: one opaque (a reference only the provider can read), one JWT, both
 * with `aud` the API. The API introspects as a client of its own, answered in JSON or, when
 * started so, in RFC 9701 signed JWTs. The introspection endpoint can be taken down on
 * command.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDpopProof, type DpopKey } from '@jwt-guard/testing';
import { exportJWK, generateKeyPair } from 'jose';
import type { ClientMetadata, Configuration } from 'oidc-provider';
import { createMemoryAdapter } from './memory-adapter.js';
import { RESOURCE, RESOURCE_SCOPES } from './provider.js';

// provider.js has loaded oidc-provider by now, hushing its notice about Node 20.
const { Provider, errors } = await import('oidc-provider');

/** The format of a worker's tokens. */
export type TokenFormat = 'opaque' | 'jwt';

/** A client the API introspects as: its id and secret. */
export interface IntrospectionClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** A running provider. */
export interface IntrospectionProvider {
  /** Its issuer identifier: `http://127.0.0.1:<port>`. */
  readonly issuer: string;
  /** The resource server's client. */
  readonly api: IntrospectionClient;
  /** Introspection requests it received, answered or refused. */
  readonly introspections: number;
  /** An access token for {@link RESOURCE}, bound to `key` when one is given (DPoP). */
  token(format: TokenFormat, key?: DpopKey): Promise<string>;
  /** Revokes a token at the revocation endpoint (RFC 7009). */
  revoke(token: string): Promise<void>;
  /** While on, the introspection endpoint answers 503. */
  setIntrospectionDown(down: boolean): void;
  close(): Promise<void>;
}

const secret = () => randomBytes(32).toString('base64url');

/**
 * Starts a provider on 127.0.0.1 and a free port; its JWTs are ES256.
 *
 * @example
 * ```ts
 * const op = await startIntrospectionProvider();
 * const opaque = await op.token('opaque');
 * await op.revoke(opaque);
 * await op.close();
 * ```
 */
export async function startIntrospectionProvider(
  options: { readonly signedAnswers?: boolean } = {},
): Promise<IntrospectionProvider> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const workers = {
    opaque: { id: 'opaque-worker', secret: secret() },
    jwt: { id: 'jwt-worker', secret: secret() },
  };
  const api = { clientId: 'orders-api', clientSecret: secret() };
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), alg: 'ES256', use: 'sig' };
  const worker = ({
    id,
    secret: clientSecret,
  }: {
    id: string;
    secret: string;
  }): ClientMetadata => ({
    client_id: id,
    client_secret: clientSecret,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'ES256',
  });
  const resourceServer = (client: IntrospectionClient): ClientMetadata => ({
    client_id: client.clientId,
    client_secret: client.clientSecret,
    grant_types: [],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'client_secret_basic',
    id_token_signed_response_alg: 'ES256',
  });
  const configuration: Configuration = {
    adapter: createMemoryAdapter(),
    jwks: { keys: [signingKey] },
    clients: [worker(workers.opaque), worker(workers.jwt), resourceServer(api)],
    // With signed answers on, every client's answers are signed when it asks (RFC 9701 §4).
    clientDefaults: {
      id_token_signed_response_alg: 'ES256',
      introspection_signed_response_alg: 'ES256',
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      dPoP: { enabled: true },
      // Any authenticated client may introspect, and a worker may revoke its own tokens.
      introspection: { enabled: true, allowedPolicy: async () => true },
      jwtIntrospection: { enabled: options.signedAnswers === true },
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => client.clientId === token.clientId,
      },
      resourceIndicators: {
        enabled: true,
        // The worker decides the format: opaque tokens for one, JWTs for the other.
        getResourceServerInfo(_ctx, indicator, client) {
          if (indicator !== RESOURCE) throw new errors.InvalidTarget();
          const jwt = client.clientId === workers.jwt.id;
          return {
            scope: RESOURCE_SCOPES,
            audience: RESOURCE,
            accessTokenFormat: jwt ? 'jwt' : 'opaque',
            ...(jwt && { jwt: { sign: { alg: 'ES256' } } }),
          };
        },
      },
    },
    ttl: { ClientCredentials: 600 },
  };
  const handle = new Provider(issuer, configuration).callback();
  let down = false;
  let introspections = 0;
  server.on('request', (req, res) => {
    if (req.url?.startsWith('/token/introspection')) {
      introspections += 1;
      if (down) {
        res.writeHead(503).end();
        return;
      }
    }
    handle(req, res);
  });
  const tokenEndpoint = `${issuer}/token`;
  const post = async (
    url: string,
    params: Record<string, string>,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body: new URLSearchParams(params),
    });
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok)
      throw new Error(`${url}: ${response.status} ${body.error} (${body.error_description})`);
    return body;
  };
  const clientOf = (token: string) => (token.startsWith('ey') ? workers.jwt : workers.opaque);

  return {
    issuer,
    api,
    get introspections() {
      return introspections;
    },
    async token(format, key) {
      const client = workers[format];
      const headers: Record<string, string> = {};
      // RFC 9449 §5: the token request carries a proof of the key to bind.
      if (key) headers.dpop = await createDpopProof(key, { method: 'POST', url: tokenEndpoint });
      const body = await post(
        tokenEndpoint,
        {
          grant_type: 'client_credentials',
          client_id: client.id,
          client_secret: client.secret,
          resource: RESOURCE,
          scope: RESOURCE_SCOPES,
        },
        headers,
      );
      return String(body.access_token);
    },
    async revoke(token) {
      const client = clientOf(token);
      await post(`${issuer}/token/revocation`, {
        token,
        client_id: client.id,
        client_secret: client.secret,
      });
    },
    setIntrospectionDown(on) {
      down = on;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
