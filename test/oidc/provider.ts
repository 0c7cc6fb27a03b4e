/**
 * A real OpenID Provider (panva's oidc-provider) on 127.0.0.1: one confidential client
 * gets JWT access tokens for one API by the client credentials grant (RFC 6749 §4.4),
 * signed, or signed then encrypted to the API (nested JWT, RFC 7519 §5.2).
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import type { Configuration, ResourceServer } from 'oidc-provider';
import { createMemoryAdapter } from './memory-adapter.js';

/** The API's resource indicator (RFC 8707), also the `aud` of every token issued for it. */
export const RESOURCE = 'https://api.example.test';

/** Every scope the API defines; a token carries those of them that were asked for. */
export const RESOURCE_SCOPES = 'read:orders write:orders';

// oidc-provider 9 warns at import on Node before 22; it runs on 20, so the one notice is
// dropped here rather than printed by every test file that starts a provider.
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

/** Where a provider encrypts its tokens: the API's public key, and its `kid`. */
export interface EncryptionTarget {
  readonly key: CryptoKey;
  readonly kid: string;
}

/** Options of {@link startProvider}. */
export interface ProviderOptions {
  /** JWS algorithm of the tokens. Default `'ES256'`. */
  readonly alg?: 'ES256' | 'RS256';
  /** Encrypt every token (RSA-OAEP-256, A256GCM) to this key. Default: signed only. */
  readonly encryptTo?: EncryptionTarget;
}

/** A running provider. */
export interface LocalProvider {
  /** Its issuer identifier: `http://127.0.0.1:<port>`, the `iss` of its tokens. */
  readonly issuer: string;
  /** HTTP requests it has served so far, token requests included. */
  readonly requests: number;
  /** An access token for {@link RESOURCE}. Default scope: {@link RESOURCE_SCOPES}. */
  token(scope?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts a provider on 127.0.0.1 and a free port, with signing keys made for it.
 *
 * @example
 * ```ts
 * const op = await startProvider({ alg: 'RS256' });
 * const accessToken = await op.token('read:orders');
 * await op.close();
 * ```
 */
export async function startProvider(options: ProviderOptions = {}): Promise<LocalProvider> {
  const alg = options.alg ?? 'ES256';
  let requests = 0;
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // The issuer names the port, so the provider is made once the server has one.
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = { id: 'orders-worker', secret: randomBytes(32).toString('base64url') };
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), alg, use: 'sig' };

  const resourceServer: ResourceServer = {
    scope: RESOURCE_SCOPES,
    audience: RESOURCE,
    accessTokenFormat: 'jwt',
    jwt: {
      sign: { alg },
      ...(options.encryptTo && {
        encrypt: {
          alg: 'RSA-OAEP-256',
          enc: 'A256GCM',
          key: options.encryptTo.key,
          kid: options.encryptTo.kid,
        },
      }),
    },
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
        // Client metadata defaults to RS256, which an ES256-only key set cannot honour.
        id_token_signed_response_alg: alg,
      },
    ],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        getResourceServerInfo(_ctx, indicator) {
          if (indicator !== RESOURCE) throw new errors.InvalidTarget();
          return resourceServer;
        },
      },
    },
    // A number rather than the default function, which logs a notice on first use.
    ttl: { ClientCredentials: 600 },
  };
  const provider = new Provider(issuer, configuration);
  const handle = provider.callback();
  server.on('request', (req, res) => {
    requests += 1;
    handle(req, res);
  });

  return {
    issuer,
    get requests() {
      return requests;
    },
    async token(scope = RESOURCE_SCOPES) {
      const response = await fetch(`${issuer}/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: client.id,
          client_secret: client.secret,
          resource: RESOURCE,
          scope,
        }),
      });
      const body = (await response.json()) as {
        access_token?: string;
        error?: string;
        error_description?: string;
      };
      if (!response.ok || typeof body.access_token !== 'string') {
        throw new Error(
          `token request failed: ${response.status} ${body.error} (${body.error_description})`,
        );
      }
      return body.access_token;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
