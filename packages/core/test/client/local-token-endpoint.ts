/**
 * A token endpoint on 127.0.0.1 under the test's control: discovery documents, a token
 * endpoint that records every request and answers as the test says (tokens with a chosen
 * lifetime, 503s, OAuth errors, hangs), and a clock the client can share.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the token endpoint received. */
export interface SeenRequest {
  readonly authorization: string | undefined;
  /** The DPoP proof header, if any. */
  readonly dpop: string | undefined;
  readonly params: URLSearchParams;
}

/** What the token endpoint does with the next request. */
export type Answer =
  | { readonly kind: 'token'; readonly expiresIn?: number | undefined; readonly tokenType?: string }
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly body?: unknown;
      readonly headers?: Record<string, string>;
    }
  | { readonly kind: 'hang' };

/** A running endpoint. */
export interface LocalTokenEndpoint {
  readonly issuer: string;
  readonly tokenEndpoint: string;
  /** Token requests so far, in order. */
  readonly requests: SeenRequest[];
  /** How requests are answered: one answer for all, or a queue used first. */
  answer: Answer;
  readonly queue: Answer[];
  /** The issuer named by the discovery document. Default: the real one. */
  metadataIssuer: string | undefined;
  /** Serve discovery at the OIDC address (else only RFC 8414's). Default true. */
  openidConfiguration: boolean;
  /** Tokens handed out so far, in order. */
  readonly issued: string[];
  /** Held until released, when the answer is `hang`. */
  release(): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Starts the endpoint; every token answer has a fresh token `at-<n>`.
 *
 * @example
 * ```ts
 * const op = await startLocalTokenEndpoint();
 * op.answer = { kind: 'status', status: 503 };
 * ```
 */
export async function startLocalTokenEndpoint(): Promise<LocalTokenEndpoint> {
  const hanging = new Set<ServerResponse>();
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const state: LocalTokenEndpoint = {
    issuer,
    tokenEndpoint: `${issuer}/oauth/token`,
    requests: [],
    answer: { kind: 'token', expiresIn: 300 },
    queue: [],
    metadataIssuer: undefined,
    openidConfiguration: true,
    issued: [],
    release() {
      for (const res of hanging) res.destroy();
      hanging.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        state.release();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const json = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, {
      ...headers,
      'content-type': 'application/json',
      'cache-control': 'no-store',
    });
    res.end(JSON.stringify(body));
  };
  server.on('request', async (req, res) => {
    const path = req.url ?? '/';
    const metadata = {
      issuer: state.metadataIssuer ?? issuer,
      token_endpoint: state.tokenEndpoint,
    };
    if (path === '/.well-known/openid-configuration' && state.openidConfiguration)
      return json(res, 200, metadata);
    if (path === '/.well-known/oauth-authorization-server') return json(res, 200, metadata);
    if (path !== '/oauth/token' || req.method !== 'POST') return json(res, 404, {});
    const params = new URLSearchParams(await readBody(req));
    state.requests.push({
      authorization: req.headers.authorization,
      dpop: req.headers.dpop as string | undefined,
      params,
    });
    const answer = state.queue.shift() ?? state.answer;
    if (answer.kind === 'hang') return void hanging.add(res);
    if (answer.kind === 'status')
      return json(res, answer.status, answer.body ?? {}, answer.headers);
    const token = `at-${state.issued.length + 1}`;
    state.issued.push(token);
    json(res, 200, {
      access_token: token,
      token_type: answer.tokenType ?? 'Bearer',
      ...(answer.expiresIn !== undefined && { expires_in: answer.expiresIn }),
    });
  });
  return state;
}

/**
 * A clock the test moves by hand.
 *
 * @example
 * ```ts
 * const clock = manualClock();
 * clock.advance(30_000);
 * ```
 */
export function manualClock(start = Date.UTC(2026, 0, 1)) {
  let at = start;
  return {
    now: () => at,
    advance(ms: number) {
      at += ms;
    },
  };
}
