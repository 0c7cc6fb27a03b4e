/**
 * A real OpenID issuer on loopback for tests and examples: discovery (OpenID and
 * RFC 8414), a JWKS, token minting and key rotation. Node only (it listens on a socket).
 */
import type { JWK } from 'jose';
import { startIssuerServer } from './issuer-server.js';
import { generateTestKey, type TestAlgorithm, type TestKey } from './keys.js';
import { type MintOptions, mintToken } from './mint-token.js';

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
  /**
   * Where the JWKS is served, as a path (a provider's own layout, e.g. Keycloak's
   * `/realms/shop/protocol/openid-connect/certs`). Default `{path}/jwks.json`.
   */
  readonly jwksPath?: string;
}

/** Options of {@link TestIssuer.rotate}. */
export interface RotateOptions {
  /** Publish the previous keys after the new ones. Default `false`. */
  readonly keepPrevious?: boolean;
  /**
   * New key material under the same `kid`s; the old keys are no longer published (as an
   * issuer that reuses its kids does). Cannot be combined with `keepPrevious`. Default `false`.
   */
  readonly sameKid?: boolean;
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
  /** Signs a token; each carries a fresh random `jti` unless `claims` or `omit` says otherwise. */
  mint(options?: MintOptions): Promise<string>;
  /** Replaces every key with a new one of the same algorithm. See {@link RotateOptions}. */
  rotate(options?: RotateOptions): Promise<void>;
  /** The issuer's own key set: what the JWKS URL serves unless {@link TestIssuer.serveJwks} overrides it. */
  jwks(): { keys: JWK[] };
  /**
   * Serves `document` at the JWKS URL instead of the keys (`{}`, `{"keys":[]}`, weak or
   * unusable keys): a value is sent as JSON, a string as it is. `undefined` restores the keys.
   */
  serveJwks(document: unknown): void;
  /** While on, discovery and JWKS answer 503: an outage, without closing the port. */
  setOutage(on: boolean): void;
  /** While on, discovery and JWKS never answer (clients time out); off drops the held requests. */
  setHang(on: boolean): void;
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
  const path = (options.path ?? '').replace(/\/$/, '');
  const jwksPath = options.jwksPath ?? `${path}/jwks.json`;
  const state: KeyState = { algorithms, generation: 1, keys: [], served: undefined };
  state.keys = await newKeys(state, (alg) => generationKid(state, alg));
  const jwks = () => ({ keys: state.keys.map((key) => key.publicJwk) });

  const server = await startIssuerServer(
    {
      metadataPath: metadataPath(options.discovery ?? 'openid', path),
      jwksPath,
      metadata: (origin) => ({
        issuer: origin + path,
        jwks_uri: `${origin}${jwksPath}`,
        id_token_signing_alg_values_supported: algorithms,
      }),
      jwks: () => state.served ?? jwks(),
    },
    options.port ?? 0,
  );
  const issuer = server.origin + path;

  return {
    issuer,
    jwksUri: `${server.origin}${jwksPath}`,
    audience,
    get keys() {
      return state.keys;
    },
    requests: server.requests,
    jwks,
    async mint(mint = {}) {
      const key = mint.key ?? state.keys.find((k) => k.alg === (mint.alg ?? algorithms[0]));
      if (!key) throw new TypeError(`the test issuer holds no ${mint.alg} key`);
      return mintToken({ issuer, audience }, key, mint);
    },
    rotate: (rotateOptions) => rotateKeys(state, rotateOptions),
    serveJwks(document) {
      state.served = document;
    },
    setOutage: server.setOutage,
    setHang: server.setHang,
    close: server.close,
  };
}

/** The issuer's keys and what the JWKS URL serves instead of them; rotation replaces both. */
interface KeyState {
  readonly algorithms: readonly TestAlgorithm[];
  /** Numbers the kids of each rotation: `es256-1`, `es256-2`, ... */
  generation: number;
  keys: TestKey[];
  served: unknown;
}

/** Where the metadata document is served: OpenID's path, RFC 8414's, or none. */
function metadataPath(discovery: 'openid' | 'oauth' | 'none', path: string): string | undefined {
  if (discovery === 'none') return undefined;
  return discovery === 'oauth'
    ? `/.well-known/oauth-authorization-server${path}`
    : `${path}/.well-known/openid-configuration`;
}

function generationKid(state: KeyState, alg: TestAlgorithm): string {
  return `${alg.toLowerCase()}-${state.generation}`;
}

function newKeys(state: KeyState, kidOf: (alg: TestAlgorithm) => string): Promise<TestKey[]> {
  return Promise.all(state.algorithms.map((alg) => generateTestKey(alg, kidOf(alg))));
}

/** Replaces every key; see {@link RotateOptions}. */
async function rotateKeys(
  state: KeyState,
  { keepPrevious = false, sameKid = false }: RotateOptions = {},
): Promise<void> {
  if (sameKid && keepPrevious) {
    throw new TypeError('rotate: sameKid and keepPrevious cannot be combined');
  }
  if (sameKid) {
    const current = (alg: TestAlgorithm) => state.keys.find((key) => key.alg === alg)?.kid;
    state.keys = await newKeys(state, (alg) => current(alg) ?? generationKid(state, alg));
    return;
  }
  state.generation += 1;
  const next = await newKeys(state, (alg) => generationKid(state, alg));
  state.keys = keepPrevious ? [...next, ...state.keys] : next;
}
