/**
 * A real OpenID issuer on loopback for tests and examples: discovery (OpenID and
 * RFC 8414), a JWKS, token minting and key rotation. Node only (it listens on a socket).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type JWK, type JWTPayload, SignJWT } from 'jose';
import { generateTestKey, type TestAlgorithm, type TestKey } from './keys.js';

/** Options of {@link createTestIssuer}. */
export interface TestIssuerOptions {
  /** The audience minted tokens carry by default. Default `"https://api.example.test"`. */
  readonly audience?: string;
  /** Algorithms to hold a key for. Default `['RS256', 'ES256', 'EdDSA']`. */
  readonly algorithms?: readonly TestAlgorithm[];
  /** Port on 127.0.0.1. Default 0 (any free port). */
  readonly port?: number;
  /** Which metadata document to serve. Default `'openid'`. */
  readonly discovery?: 'openid' | 'oauth' | 'none';
  /** Path of the issuer identifier below the origin, e.g. `/tenant-a`. Default: none. */
  readonly path?: string;
}

/** What to put in a token. */
export interface MintOptions {
  /** Claims to add or override (`iss`, `aud`, `sub`, `iat`, `exp` are filled in otherwise). */
  readonly claims?: JWTPayload & Record<string, unknown>;
  /** Registered claims to leave out, e.g. `['exp']`. */
  readonly omit?: readonly string[];
  /** Signing algorithm; the issuer's first key of it signs. Default: the first algorithm. */
  readonly alg?: TestAlgorithm;
  /** Header fields to add or override (`kid: undefined` leaves the kid out). */
  readonly header?: Record<string, unknown>;
  /** Lifetime in seconds from now. Default 300; negative for an expired token. */
  readonly expiresIn?: number;
  /** `nbf` as seconds from now. */
  readonly notBefore?: number;
  /** Sign with this key instead of a published one. */
  readonly key?: TestKey;
}

/** A running test issuer. */
export interface TestIssuer {
  /** The issuer identifier (also the `iss` of minted tokens). */
  readonly issuer: string;
  readonly jwksUri: string;
  readonly audience: string;
  /** Published keys, current first. */
  readonly keys: readonly TestKey[];
  /** Requests served, by kind. */
  readonly requests: { discovery: number; jwks: number };
  /** Signs a token. */
  mint(options?: MintOptions): Promise<string>;
  /** Replaces every key with a new one of the same algorithm; `keepPrevious` publishes both. */
  rotate(options?: { keepPrevious?: boolean }): Promise<void>;
  /** The JWKS as served. */
  jwks(): { keys: JWK[] };
  /** While on, discovery and JWKS answer 503: an outage, without closing the port. */
  setOutage(on: boolean): void;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

/**
 * Starts an issuer on 127.0.0.1.
 *
 * @example
 * ```ts
 * const issuer = await createTestIssuer();
 * const token = await issuer.mint({ claims: { scope: 'read:orders' } });
 * app.use(jwtAuth({ issuer: issuer.issuer, audience: issuer.audience }));
 * await issuer.close();
 * ```
 */
export async function createTestIssuer(options: TestIssuerOptions = {}): Promise<TestIssuer> {
  const algorithms = options.algorithms ?? ['RS256', 'ES256', 'EdDSA'];
  const audience = options.audience ?? 'https://api.example.test';
  const discovery = options.discovery ?? 'openid';
  const path = (options.path ?? '').replace(/\/$/, '');
  let generation = 1;
  const newKeys = () =>
    Promise.all(
      algorithms.map((alg) => generateTestKey(alg, `${alg.toLowerCase()}-${generation}`)),
    );
  let keys: TestKey[] = await newKeys();
  const requests = { discovery: 0, jwks: 0 };
  let outage = false;

  let origin = '';
  const metadataPath =
    discovery === 'oauth'
      ? `/.well-known/oauth-authorization-server${path}`
      : `${path}/.well-known/openid-configuration`;
  const jwks = () => ({ keys: keys.map((key) => key.publicJwk) });

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    if (outage) return void res.writeHead(503).end();
    if (discovery !== 'none' && url === metadataPath) {
      requests.discovery += 1;
      return sendJson(res, {
        issuer: origin + path,
        jwks_uri: `${origin}${path}/jwks.json`,
        id_token_signing_alg_values_supported: algorithms,
      });
    }
    if (url === `${path}/jwks.json`) {
      requests.jwks += 1;
      return sendJson(res, jwks());
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = origin + path;

  return {
    issuer,
    jwksUri: `${issuer}/jwks.json`,
    audience,
    get keys() {
      return keys;
    },
    requests,
    jwks,
    async mint(mint = {}) {
      const key = mint.key ?? keys.find((k) => k.alg === (mint.alg ?? algorithms[0]));
      if (!key) throw new TypeError(`the test issuer holds no ${mint.alg} key`);
      const now = Math.floor(Date.now() / 1000);
      const claims: Record<string, unknown> = {
        iss: issuer,
        aud: audience,
        sub: 'user-123',
        iat: now,
        exp: now + (mint.expiresIn ?? 300),
        ...(mint.notBefore === undefined ? {} : { nbf: now + mint.notBefore }),
        ...mint.claims,
      };
      for (const name of mint.omit ?? []) delete claims[name];
      const header = { alg: key.alg, kid: key.kid, typ: 'JWT', ...mint.header };
      return new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(key.privateKey);
    },
    async rotate({ keepPrevious = false } = {}) {
      generation += 1;
      const next = await newKeys();
      keys = keepPrevious ? [...next, ...keys] : next;
    },
    setOutage(on) {
      outage = on;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function sendJson(res: ServerResponse, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
