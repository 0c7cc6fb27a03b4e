/**
 * An issuer whose metadata and JWKS endpoints misbehave on command: the real local
 * issuer's keys behind a server that can hang, drip, fail, lie or flood, or serve a key
 * set of the test's own making.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { createVerifier, type Verifier, type VerifierOptions } from '../src/index.js';

/** How the JWKS endpoint answers. */
export type JwksMode =
  | 'ok'
  | 'reset'
  | 'hang'
  | 'drip'
  | '500'
  | '404'
  | 'html'
  | 'no-keys'
  | 'mixed'
  | 'huge'
  | 'redirect';

/** A running flaky issuer. */
export interface FlakyIssuer {
  readonly issuer: string;
  readonly audience: string;
  readonly keys: TestIssuer;
  mode: JwksMode;
  /** Extra response headers for the JWKS (e.g. Cache-Control, ETag). */
  headers: Record<string, string>;
  /** In mode `ok`, the document served instead of the issuer's own key set, when set. */
  body: unknown;
  /** Requests the JWKS endpoint received, and If-None-Match values seen. */
  readonly hits: { jwks: number; discovery: number; ifNoneMatch: string[] };
  close(): Promise<void>;
}

/**
 * Starts the flaky issuer on 127.0.0.1 with real keys.
 *
 * @example
 * ```ts
 * const flaky = await createFlakyIssuer();
 * flaky.mode = 'hang';
 * ```
 */
export async function createFlakyIssuer(): Promise<FlakyIssuer> {
  const keys = await createTestIssuer({ algorithms: ['RS256', 'ES256'] });
  const hits = { jwks: 0, discovery: 0, ifNoneMatch: [] as string[] };
  const hanging = new Set<ServerResponse>();
  let origin = '';
  const state: FlakyIssuer = {
    issuer: '',
    audience: keys.audience,
    keys,
    mode: 'ok',
    headers: {},
    body: undefined,
    hits,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await keys.close();
    },
  };
  const jwks = (res: ServerResponse, req: IncomingMessage) => {
    hits.jwks += 1;
    const inm = req.headers['if-none-match'];
    if (typeof inm === 'string') hits.ifNoneMatch.push(inm);
    const body = JSON.stringify(state.body ?? keys.jwks());
    switch (state.mode) {
      case 'reset':
        return req.socket.destroy();
      case 'hang':
        hanging.add(res);
        return;
      case 'drip': {
        res.writeHead(200, { 'content-type': 'application/json' });
        hanging.add(res);
        let i = 0;
        const timer = setInterval(() => {
          if (res.destroyed || i >= body.length) return clearInterval(timer);
          res.write(body[i++]);
        }, 100);
        return;
      }
      case '500':
      case '404':
        return res.writeHead(Number(state.mode)).end('{"keys":[]}');
      case 'html':
        return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>oops</html>');
      case 'no-keys':
        return res.writeHead(200).end('{"items":[]}');
      case 'mixed': {
        const mixed = {
          keys: [
            { kty: 'oct', k: 'c2VjcmV0', kid: 'hmac' },
            { kty: 'RSA', kid: 'broken', n: 'AQAB' },
            { kty: 'EC', crv: 'secp256k1', kid: 'k1', x: 'AA', y: 'AA' },
            { kty: 'OKP', crv: 'X25519', kid: 'x', x: 'AA' },
            { kty: 'RSA', kid: 'enc', use: 'enc', n: 'AQAB', e: 'AQAB' },
            'not a key',
            ...keys.jwks().keys,
          ],
        };
        return res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(mixed));
      }
      case 'huge':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"keys":[');
        for (let i = 0; i < 64; i++)
          res.write(`${JSON.stringify({ kty: 'oct', k: 'x'.repeat(16_384) })},`);
        return res.end('{}]}');
      case 'redirect':
        return res.writeHead(302, { location: `${origin}/elsewhere` }).end();
      default: {
        const etag = state.headers.etag;
        if (etag && req.headers['if-none-match'] === etag)
          return res.writeHead(304, state.headers).end();
        return res
          .writeHead(200, { 'content-type': 'application/json', ...state.headers })
          .end(body);
      }
    }
  };
  const server = createServer((req, res) => {
    if (req.url === '/.well-known/openid-configuration') {
      hits.discovery += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ issuer: origin, jwks_uri: `${origin}/jwks` }));
    }
    if (req.url === '/jwks') return jwks(res, req);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  (state as { issuer: string }).issuer = origin;
  return state;
}

/**
 * Mints a token the flaky issuer's keys sign, with its issuer as `iss` and a `jti` of its
 * own: two tokens minted in the same second are never the same string (RS256 and EdDSA
 * signatures are deterministic), so a new token is always a token-cache miss.
 */
export const mintFor = (flaky: FlakyIssuer, options: Parameters<TestIssuer['mint']>[0] = {}) =>
  flaky.keys.mint({
    ...options,
    claims: { iss: flaky.issuer, jti: randomUUID(), ...options.claims },
  });

/**
 * A verifier of the flaky issuer's tokens with a short fetch timeout; `clock`, when given,
 * is its clock. The token cache is on unless `extra.cache` says otherwise.
 */
export function verifierFor(
  flaky: FlakyIssuer,
  extra: Partial<VerifierOptions> = {},
  clock?: { ms: number },
): Verifier {
  return createVerifier({
    issuer: flaky.issuer,
    audience: flaky.audience,
    ...(clock ? { now: () => clock.ms } : {}),
    ...extra,
    jwks: { timeoutDuration: 300, ...extra.jwks },
  });
}
