/**
 * A real OpenID Provider (panva's oidc-provider 9) on 127.0.0.1 for the token client:
 * one client per authentication method and two service clients, short-lived
 * client-credentials tokens for three APIs (RFC 8707 resource indicators), DPoP (RFC 9449)
 * with a switch for nonces at the token endpoint, user access tokens, token exchange
 * (RFC 8693) as a custom grant, an outage switch, and a count of token requests.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, jwtVerify } from 'jose';
import type {
  Client,
  ClientMetadata,
  Configuration,
  ResourceServer,
  TokenEndpointGrantContext,
} from 'oidc-provider';
import { createMemoryAdapter } from '../oidc/memory-adapter.js';

/** The API the services call; the `aud` of client-credentials tokens. */
export const ORDERS_API = 'https://orders.example.test';
/** A second API, reached by exchanging a token for {@link ORDERS_API}. */
export const BILLING_API = 'https://billing.example.test';
/** The API users call first; it calls {@link ORDERS_API} on their behalf. */
export const GATEWAY_API = 'https://gateway.example.test';
const APIS = [GATEWAY_API, ORDERS_API, BILLING_API];
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

// The helpers oidc-provider's own grants use to check a DPoP proof (RFC 9449 §5) and its
// replay, for the token-exchange grant below.
const { validateDpop, checkDpopReplay } = await import('oidc-provider/lib/helpers/grants.js');

/** The registered clients: one per token endpoint authentication method. */
export interface Clients {
  readonly basic: { readonly id: string; readonly secret: string };
  readonly post: { readonly id: string; readonly secret: string };
  readonly jwt: { readonly id: string; readonly privateKey: CryptoKey };
  /** The gateway and orders services, which call downstream on a user's behalf. */
  readonly gateway: { readonly id: string; readonly secret: string };
  readonly orders: { readonly id: string; readonly secret: string };
}

/** A running provider. */
export interface TokenProvider {
  readonly issuer: string;
  readonly clients: Clients;
  /** Token endpoint requests so far (those answered 503 included). */
  readonly tokenRequests: number;
  /** While true, every request is answered 503, as by a proxy in front of a provider that is down. */
  down: boolean;
  /** While true, a token request with a DPoP proof must carry the endpoint's nonce (RFC 9449 §8). */
  requireDpopNonce: boolean;
  /**
   * An access token for `audience` issued to `sub` through the gateway client, as the
   * authorization code flow would issue it after the user signs in.
   */
  userToken(sub: string, audience: string): Promise<string>;
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
    gateway: { id: 'gateway', secret: randomBytes(32).toString('base64url') },
    orders: { id: 'orders', secret: randomBytes(32).toString('base64url') },
  };
  const common: Omit<ClientMetadata, 'client_id'> = {
    grant_types: ['client_credentials', TOKEN_EXCHANGE],
    response_types: [],
    redirect_uris: [],
    id_token_signed_response_alg: 'ES256',
  };
  const exchanged = new WeakMap<object, Record<string, unknown>>();
  const state = { tokenRequests: 0, down: false, requireDpopNonce: false };
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
      ...[clients.gateway, clients.orders].map((service) => ({
        ...common,
        client_id: service.id,
        client_secret: service.secret,
        token_endpoint_auth_method: 'client_secret_basic' as const,
      })),
    ],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        getResourceServerInfo(_ctx, indicator) {
          if (!APIS.includes(indicator)) throw new errors.InvalidTarget();
          return resourceServer(indicator);
        },
      },
      // A token requested with a proof is bound to its key and issued as `DPoP`. With a
      // nonce secret, `requireNonce` can make the token endpoint answer 400 use_dpop_nonce.
      dPoP: {
        enabled: true,
        nonceSecret: randomBytes(32),
        requireNonce: () => state.requireDpopNonce,
      },
    },
    ttl: { ClientCredentials: options.ttlSeconds, AccessToken: 600, Grant: 600 },
    // Claims are added at save time through this hook (it replaces any `extra` set before).
    extraTokenClaims: (_ctx, token) => exchanged.get(token),
  };
  const provider = new Provider(issuer, configuration);
  const verify = async (token: string, audience: string) =>
    (await jwtVerify(token, signing.publicKey, { issuer, audience })).payload;
  const verifyAny = async (token: string) =>
    (await jwtVerify(token, signing.publicKey, { issuer, audience: APIS })).payload;

  const issueFor = async (
    client: Client,
    claims: { sub: string; scope: string; audience: string; act?: unknown; jkt?: string },
  ) => {
    // What the user (or, for an exchange, the subject) granted this client, as after a sign-in.
    const grant = new provider.Grant({ accountId: claims.sub, clientId: client.clientId });
    grant.addResourceScope(claims.audience, claims.scope);
    const token = new provider.AccessToken({
      accountId: claims.sub,
      client,
      grantId: await grant.save(),
      scope: claims.scope,
      gty: claims.act === undefined ? 'authorization_code' : TOKEN_EXCHANGE,
      ...(claims.jkt === undefined ? {} : { jkt: claims.jkt }),
    });
    token.resourceServer = new provider.ResourceServer(
      claims.audience,
      resourceServer(claims.audience),
    );
    if (claims.act !== undefined) exchanged.set(token, { act: claims.act });
    return { value: await token.save(), token };
  };

  // RFC 8693 is not built into oidc-provider 9: a custom grant that takes a valid access
  // token of this provider for one of its APIs and issues one for the API named by
  // `resource`, for the same subject, with `act` naming the client that asked and, nested,
  // the actors before it (§4.1); `client_id` is the asking client's too.
  provider.registerGrantType(
    TOKEN_EXCHANGE,
    async (ctx: TokenEndpointGrantContext) => {
      const params = ctx.oidc.params as Record<string, string | undefined>;
      if (params.subject_token_type !== ACCESS_TOKEN_TYPE)
        throw new errors.InvalidRequest('unsupported subject_token_type');
      let subject: Record<string, unknown>;
      try {
        subject = await verifyAny(params.subject_token ?? '');
      } catch {
        throw new errors.InvalidGrant('subject_token is not valid');
      }
      if (!params.resource || !APIS.includes(params.resource)) throw new errors.InvalidTarget();
      const client = ctx.oidc.client;
      // A request with a proof gets a token bound to its key, as the built-in grants do.
      const proof = await validateDpop(provider, ctx);
      if (proof) await checkDpopReplay(provider, ctx, proof, client.clientId);
      const act = { sub: client.clientId, ...(subject.act ? { act: subject.act } : {}) };
      const { value, token } = await issueFor(client, {
        sub: String(subject.sub),
        scope: params.scope ?? 'read',
        audience: params.resource,
        act,
        ...(proof ? { jkt: proof.thumbprint } : {}),
      });
      ctx.body = {
        access_token: value,
        issued_token_type: ACCESS_TOKEN_TYPE,
        token_type: token.tokenType,
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
    get requireDpopNonce() {
      return state.requireDpopNonce;
    },
    set requireDpopNonce(value) {
      state.requireDpopNonce = value;
    },
    async userToken(sub, audience) {
      const client = await provider.Client.find(clients.gateway.id);
      return (await issueFor(client!, { sub, scope: 'read', audience })).value;
    },
    verify,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
