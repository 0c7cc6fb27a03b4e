/**
 * A real OpenID Provider (panva's oidc-provider 9) on 127.0.0.1 for the token client:
 * one client per authentication method, short-lived client-credentials tokens for two
 * APIs (RFC 8707 resource indicators), token exchange (RFC 8693) as a custom grant, an
 * outage switch, and a count of token requests.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, jwtVerify } from 'jose';
import type {
  ClientMetadata,
  Configuration,
  KoaContextWithOIDC,
  ResourceServer,
} from 'oidc-provider';
import { createMemoryAdapter } from '../oidc/memory-adapter.js';

/** The API the services call; the `aud` of client-credentials tokens. */
export const ORDERS_API = 'https://orders.example.test';
/** A second API, reached by exchanging a token for {@link ORDERS_API}. */
export const BILLING_API = 'https://billing.example.test';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

// oidc-provider 9 warns at import on Node before 22; the one notice is dropped here.
const { Provider, errors } = await (async () => {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).includes('Unsupported runtime')) warn(...args);
  };
  try {
    return await import('oidc-provider');
  } finally {
    console.warn = warn;
  }
})();

/** The registered clients: one per token endpoint authentication method. */
export interface Clients {
  readonly basic: { readonly id: string; readonly secret: string };
  readonly post: { readonly id: string; readonly secret: string };
  readonly jwt: { readonly id: string; readonly privateKey: CryptoKey };
}

/** A running provider. */
export interface TokenProvider {
  readonly issuer: string;
  readonly clients: Clients;
  /** Token endpoint requests so far (those answered 503 included). */
  readonly tokenRequests: number;
  /** While true, every request is answered 503, as by a proxy in front of a provider that is down. */
  down: boolean;
  /** Verifies a token of this provider for `audience` and returns its claims. */
  verify(token: string, audience: string): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

const resourceServer = (audience: string): ResourceServer => ({
  scope: 'read write',
  audience,
  accessTokenFormat: 'jwt',
  jwt: { sign: { alg: 'ES256' } },
});

/**
 * Starts a provider whose client-credentials tokens live `ttlSeconds`.
 *
 * @example
 * ```ts
 * const op = await startTokenProvider({ ttlSeconds: 4 });
 * op.down = true; // an outage
 * await op.close();
 * ```
 */
export async function startTokenProvider(options: { ttlSeconds: number }): Promise<TokenProvider> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const signing = await generateKeyPair('ES256', { extractable: true });
  const signingKey = { ...(await exportJWK(signing.privateKey)), alg: 'ES256', use: 'sig' };
  const assertionKeys = await generateKeyPair('ES256');
  // A secret that needs the RFC 6749 §2.3.1 form-urlencoding before Basic: `:`, `+`, `/`.
  const basicSecret = `${randomBytes(16).toString('base64url')}:+/x`;
  const clients: Clients = {
    basic: { id: 'orders-worker', secret: basicSecret },
    post: { id: 'orders-poster', secret: randomBytes(32).toString('base64url') },
    jwt: { id: 'orders-signer', privateKey: assertionKeys.privateKey },
  };
  const common: Omit<ClientMetadata, 'client_id'> = {
    grant_types: ['client_credentials', TOKEN_EXCHANGE],
    response_types: [],
    redirect_uris: [],
    id_token_signed_response_alg: 'ES256',
  };
  const exchanged = new WeakMap<object, Record<string, unknown>>();
  const configuration: Configuration = {
    adapter: createMemoryAdapter(),
    jwks: { keys: [signingKey] },
    clients: [
      {
        ...common,
        client_id: clients.basic.id,
        client_secret: basicSecret,
        token_endpoint_auth_method: 'client_secret_basic',
      },
      {
        ...common,
        client_id: clients.post.id,
        client_secret: clients.post.secret,
        token_endpoint_auth_method: 'client_secret_post',
      },
      {
        ...common,
        client_id: clients.jwt.id,
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'ES256',
        jwks: { keys: [(await exportJWK(assertionKeys.publicKey)) as JWK] },
      },
    ],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        getResourceServerInfo(_ctx, indicator) {
          if (indicator !== ORDERS_API && indicator !== BILLING_API)
            throw new errors.InvalidTarget();
          return resourceServer(indicator);
        },
      },
    },
    ttl: { ClientCredentials: options.ttlSeconds },
    // Claims are added at save time through this hook (it replaces any `extra` set before).
    extraTokenClaims: (_ctx, token) => exchanged.get(token),
  };
  const provider = new Provider(issuer, configuration);
  const verify = async (token: string, audience: string) =>
    (await jwtVerify(token, signing.publicKey, { issuer, audience })).payload;

  // RFC 8693 is not built into oidc-provider 9: a custom grant that takes a valid access
  // token of this provider and issues one for the API named by `resource`, with `act`
  // naming the client that asked (§4.1) and `obo` the subject it acts for.
  provider.registerGrantType(
    TOKEN_EXCHANGE,
    async (ctx: KoaContextWithOIDC) => {
      const params = ctx.oidc.params as Record<string, string | undefined>;
      if (params.subject_token_type !== ACCESS_TOKEN_TYPE)
        throw new errors.InvalidRequest('unsupported subject_token_type');
      let subject: Record<string, unknown>;
      try {
        subject = await verify(params.subject_token ?? '', ORDERS_API);
      } catch {
        throw new errors.InvalidGrant('subject_token is not valid');
      }
      if (params.resource !== BILLING_API) throw new errors.InvalidTarget();
      const client = ctx.oidc.client!;
      const token = new provider.ClientCredentials({ client, scope: params.scope ?? 'read' });
      token.resourceServer = new provider.ResourceServer(BILLING_API, resourceServer(BILLING_API));
      exchanged.set(token, { act: { sub: client.clientId }, obo: subject.sub });
      const value = await token.save();
      ctx.body = {
        access_token: value,
        issued_token_type: ACCESS_TOKEN_TYPE,
        token_type: 'Bearer',
        expires_in: token.expiration,
        scope: token.scope,
      };
    },
    [
      'subject_token',
      'subject_token_type',
      'requested_token_type',
      'resource',
      'audience',
      'scope',
    ],
  );

  const handle = provider.callback();
  const state = { tokenRequests: 0, down: false };
  server.on('request', (req, res) => {
    if (req.url === '/token') state.tokenRequests += 1;
    if (state.down) return void res.writeHead(503, { 'retry-after': '1' }).end();
    handle(req, res);
  });
  return {
    issuer,
    clients,
    get tokenRequests() {
      return state.tokenRequests;
    },
    get down() {
      return state.down;
    },
    set down(value) {
      state.down = value;
    },
    verify,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
