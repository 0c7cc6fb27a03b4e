/**
 * A provider with an RFC 7662 introspection endpoint, on 127.0.0.1, whose answers the test
 * sets: JSON, RFC 9701 signed JWTs (with its own published key or a stranger's), an
 * outage (503), a hang, or a broken body. It publishes RFC 8414 metadata and a JWKS, mints
 * JWTs with its key, and records what each introspection request carried.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateTestKey, type TestKey } from '@jwt-guard/testing';
import { type JWTPayload, SignJWT } from 'jose';
import {
  createVerifier,
  type IntrospectionOptions,
  type Verifier,
  type VerifierOptions,
} from '../../src/index.js';

/** How the introspection endpoint answers. */
export type EndpointMode = 'json' | 'jwt' | 'jwt-stranger' | 'down' | 'hang' | 'broken';

/** One request the endpoint received. */
export interface SeenRequest {
  readonly authorization: string | undefined;
  readonly accept: string | undefined;
  readonly params: URLSearchParams;
}

/** A running provider. */
export interface IntrospectionServer {
  readonly issuer: string;
  readonly endpoint: string;
  readonly clientId: string;
  readonly clientSecret: string;
  mode: EndpointMode;
  /** Milliseconds each answer waits before it is sent. */
  delayMs: number;
  /** Requests to the introspection endpoint, and to the metadata. */
  readonly seen: SeenRequest[];
  readonly metadataHits: { count: number };
  /** A new opaque token, active with `claims` (plus `iss`, `exp` and `client_id` unless given as `undefined`). */
  issue(claims?: Record<string, unknown>, prefix?: string): string;
  /** Makes a token inactive, as revocation does. */
  revoke(token: string): void;
  /** Makes a token (a minted JWT, say) active with `claims`. */
  activate(token: string, claims: Record<string, unknown>): void;
  /** A JWT signed with the published key. */
  mint(claims: JWTPayload): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts one.
 *
 * @example
 * ```ts
 * const op = await startIntrospectionServer();
 * const token = op.issue({ aud: 'https://api.example.test', sub: 'u1' });
 * ```
 */
export async function startIntrospectionServer(): Promise<IntrospectionServer> {
  const [key, stranger] = await Promise.all([
    generateTestKey('ES256', 'op-1'),
    generateTestKey('ES256', 'op-1'),
  ]);
  const active = new Map<string, Record<string, unknown>>();
  const held: ServerResponse[] = [];
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const state: IntrospectionServer = {
    issuer,
    endpoint: `${issuer}/introspect`,
    clientId: 'orders-api',
    clientSecret: randomBytes(24).toString('base64url'),
    mode: 'json',
    delayMs: 0,
    seen: [],
    metadataHits: { count: 0 },
    issue(claims = {}, prefix = '') {
      const token = `${prefix}${randomBytes(32).toString('base64url')}`;
      const exp = Math.floor(Date.now() / 1000) + 300;
      const full = { iss: issuer, exp, client_id: 'web', ...claims };
      active.set(token, JSON.parse(JSON.stringify(full)));
      return token;
    },
    revoke: (token) => void active.delete(token),
    activate: (token, claims) => void active.set(token, claims),
    mint: (claims) =>
      sign(key, { iss: issuer, exp: Math.floor(Date.now() / 1000) + 300, ...claims }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of held) response.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  server.on('request', (req, res) => {
    void handle(req, res).catch(() => res.destroy());
  });
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = req.url ?? '/';
    if (path.startsWith('/.well-known/')) {
      state.metadataHits.count += 1;
      return json(res, {
        issuer,
        jwks_uri: `${issuer}/jwks`,
        introspection_endpoint: state.endpoint,
      });
    }
    if (path === '/jwks')
      return json(res, { keys: [{ ...key.publicJwk, alg: 'ES256', use: 'sig' }] });
    const params = new URLSearchParams(await readBody(req));
    state.seen.push({
      authorization: req.headers.authorization,
      accept: req.headers.accept,
      params,
    });
    if (state.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
    const answer = { active: false, ...active.get(params.get('token') ?? '') };
    if (active.has(params.get('token') ?? '')) answer.active = true;
    return respond(res, answer);
  }
  async function respond(res: ServerResponse, answer: Record<string, unknown>) {
    switch (state.mode) {
      case 'down':
        return res.writeHead(503).end('down');
      case 'hang':
        held.push(res);
        return;
      case 'broken':
        return res.writeHead(200, { 'content-type': 'application/json' }).end('{"active":"yes"}');
      case 'jwt':
      case 'jwt-stranger': {
        const signer = state.mode === 'jwt' ? key : stranger;
        const body = await sign(
          signer,
          {
            iss: issuer,
            aud: state.clientId,
            iat: Math.floor(Date.now() / 1000),
            token_introspection: answer,
          },
          'token-introspection+jwt',
        );
        return res
          .writeHead(200, { 'content-type': 'application/token-introspection+jwt' })
          .end(body);
      }
      default:
        return json(res, answer);
    }
  }
  return state;
}

function sign(key: TestKey, claims: JWTPayload, typ?: string): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, ...(typ && { typ }) })
    .sign(key.privateKey);
}

function json(res: ServerResponse, body: unknown) {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** What a test varies of a verifier trusting one provider: its introspection and any option. */
export type IntrospectingSetup = Partial<Omit<VerifierOptions, 'issuer'>> & {
  readonly introspection?: Partial<IntrospectionOptions>;
};

/**
 * A verifier whose one issuer is `op`, introspecting as its client at its endpoint, for
 * audience `https://api.example.test` unless the setup says otherwise.
 *
 * @example
 * ```ts
 * const verifier = introspectingVerifier(op, { introspection: { cacheMaxAge: 0 } });
 * ```
 */
export function introspectingVerifier(
  op: IntrospectionServer,
  { introspection, ...options }: IntrospectingSetup = {},
): Verifier {
  const { clientId, clientSecret, endpoint } = op;
  return createVerifier({
    audience: 'https://api.example.test',
    ...options,
    issuer: [
      { issuer: op.issuer, introspection: { clientId, clientSecret, endpoint, ...introspection } },
    ],
  });
}
