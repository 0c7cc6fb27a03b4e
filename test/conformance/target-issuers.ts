/**
 * Every issuer one conformance target trusts, started fresh for it: the main issuer, one per
 * unusable key set, one that never answers, one per lifecycle scenario; plus the HMAC secret.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createTestIssuer,
  generateTestKey,
  type TestIssuer,
  type TestKey,
} from '@jwt-guard/testing';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import {
  type IntrospectionProvider,
  startIntrospectionProvider,
} from '../oidc/introspection-provider.js';
import type { AppConfig } from './app-config.js';
import { UNUSABLE_KEY_SETS } from './key-set-scenarios.js';
import { LIFECYCLE_SCENARIOS } from './lifecycle-scenarios.js';

/** The issuers of a target, and the app config naming them. */
export interface TargetIssuers {
  readonly main: TestIssuer;
  /** By route name: the issuer and the key its tokens are signed with. */
  readonly unusable: Readonly<Record<string, { issuer: TestIssuer; key: TestKey }>>;
  readonly hanging: TestIssuer;
  /** By lifecycle route. */
  readonly short: Readonly<Record<string, TestIssuer>>;
  readonly hmacSecret: string;
  /** An RSA key no issuer publishes; rows give it the kid they need (RSA keys are slow to make). */
  readonly stranger: TestKey;
  /** A second trusted issuer (`/multi`, `/tenants`). */
  readonly second: TestIssuer;
  /** A working issuer no route trusts: it must never be contacted. */
  readonly foreign: TestIssuer;
  /** Keycloak-shaped: its issuer is `{origin}/realms/shop`, RS256 (`/keycloak`). */
  readonly keycloak: TestIssuer;
  /**
   * An origin answering 404 to everything, as an identity provider does for a tenant it
   * does not have: the junk tenants of `/churn` name it. `hits` counts its requests.
   */
  readonly churn: { readonly origin: string; hits(): number };
  /** The resource server's encryption key (`/encrypted`), and one of nobody's. */
  readonly encryption: { readonly publicJwk: JWK; readonly strangerPublicJwk: JWK };
  /** An oidc-provider that introspects its opaque tokens (`/introspect…`). */
  readonly introspection: IntrospectionProvider;
  readonly config: AppConfig;
  close(): Promise<void>;
}

async function notFoundServer() {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits += 1;
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => hits,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return `http://127.0.0.1:${port}`;
}

// The side issuers need one quick key each; the main one signs with every algorithm.
const sideIssuer = () => createTestIssuer({ algorithms: ['ES256'] });

const urls = <T>(byName: Record<string, T>, issuerOf: (value: T) => TestIssuer) =>
  Object.fromEntries(Object.entries(byName).map(([name, value]) => [name, issuerOf(value).issuer]));

async function encryptionKey(kid: string) {
  const { publicKey, privateKey } = await generateKeyPair('RSA-OAEP-256', { extractable: true });
  return {
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RSA-OAEP-256' },
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'RSA-OAEP-256' },
  };
}

/**
 * Starts them all.
 *
 * @example
 * ```ts
 * const issuers = await startTargetIssuers();
 * const app = createExpressApp(issuers.config);
 * await issuers.close();
 * ```
 */
export async function startTargetIssuers(): Promise<TargetIssuers> {
  const main = await createTestIssuer();
  const unusable = Object.fromEntries(
    await Promise.all(
      Object.entries(UNUSABLE_KEY_SETS).map(async ([name, serve]) => {
        const issuer = await sideIssuer();
        return [name, { issuer, key: await serve(issuer) }] as const;
      }),
    ),
  );
  const hanging = await sideIssuer();
  hanging.setHang(true);
  const short = Object.fromEntries(
    await Promise.all(
      LIFECYCLE_SCENARIOS.map(async ({ route }) => [route, await sideIssuer()] as const),
    ),
  );
  const hmacSecret = randomBytes(48).toString('base64url');
  const stranger = await generateTestKey('RS256', 'stranger');
  const [second, foreign, keycloak] = await Promise.all([
    sideIssuer(),
    sideIssuer(),
    createTestIssuer({
      algorithms: ['RS256'],
      path: '/realms/shop',
      jwksPath: '/realms/shop/protocol/openid-connect/certs',
    }),
  ]);
  const [resourceServer, nobody] = await Promise.all([encryptionKey('rs-1'), encryptionKey('x')]);
  const churn = await notFoundServer();
  const introspection = await startIntrospectionProvider();
  const all = [
    main,
    second,
    foreign,
    keycloak,
    hanging,
    ...Object.values(short),
    ...Object.values(unusable).map((u) => u.issuer),
  ];
  return {
    main,
    unusable,
    hanging,
    short,
    hmacSecret,
    stranger,
    second,
    foreign,
    keycloak,
    churn: { origin: churn.origin, hits: churn.hits },
    introspection,
    encryption: { publicJwk: resourceServer.publicJwk, strangerPublicJwk: nobody.publicJwk },
    config: {
      issuer: main.issuer,
      audience: main.audience,
      downIssuer: await deadUrl(),
      unusableIssuers: urls(unusable, (u) => u.issuer),
      hangingIssuer: hanging.issuer,
      shortIssuers: urls(short, (issuer) => issuer),
      hmacSecret,
      secondIssuer: second.issuer,
      decryptionJwk: resourceServer.privateJwk,
      keycloak: { url: keycloak.issuer.replace(/\/realms\/shop$/, ''), realm: 'shop' },
      churnOrigin: churn.origin,
      introspection: { issuer: introspection.issuer, ...introspection.api },
    },
    close: async () => {
      await Promise.all([
        ...all.map((issuer) => issuer.close()),
        churn.close(),
        introspection.close(),
      ]);
    },
  };
}
