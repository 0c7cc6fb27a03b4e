/**
 * The parts of the multi-process rotation test: issuer instances in child processes
 * (fixtures/fleet-instance.ts), a round-robin front for them at the issuer's URL (what a
 * load balancer is to a fleet), and verifiers whose key-set fetches are logged.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { JwksOptions } from '@jwt-guard/core';
import { authenticateRequest, prepareAuthenticator } from '@jwt-guard/core/adapter';

// The package's own directory, where tsx (a dev dependency) resolves.
const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** One issuer process and how to drive it. */
export interface FleetInstance {
  readonly url: string;
  readonly child: ChildProcess;
  /** POSTs to a test route of the instance; resolves with its JSON answer. */
  post<T>(path: string, body?: string): Promise<T>;
  /** The kids its JWKS endpoint publishes now. */
  publishedKids(): Promise<string[]>;
}

/** Starts one instance; resolves once it listens on loopback. */
export async function startInstance(env: Record<string, string>): Promise<FleetInstance> {
  const child = spawn(process.execPath, ['--import', 'tsx', `${FIXTURES}fleet-instance.ts`], {
    cwd: PACKAGE,
    env: { ...process.env, ...env, TSX_TSCONFIG_PATH: `${FIXTURES}tsconfig.json` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve((JSON.parse(line!) as { port: number }).port);
    });
    child.on('exit', (code) => reject(new Error(`fleet instance exited (${code}): ${errors}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    child,
    async post<T>(path: string, body = '') {
      const response = await fetch(`${url}${path}`, { method: 'POST', body });
      if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
    async publishedKids() {
      const response = await fetch(`${url}/.well-known/jwks.json`);
      const { keys } = (await response.json()) as { keys: Array<{ kid: string }> };
      return keys.map((key) => key.kid);
    },
  };
}

/** A loopback server that hands each request to the next instance in turn. */
export async function startFront(targets: () => readonly FleetInstance[]) {
  const turn = { next: 0 };
  const server: Server = createServer((request, response) => {
    const list = targets();
    const target = list[turn.next++ % list.length]!;
    fetch(`${target.url}${request.url}`).then(
      async (upstream) => {
        response.writeHead(upstream.status, {
          'content-type': upstream.headers.get('content-type') ?? 'application/json',
          'cache-control': upstream.headers.get('cache-control') ?? 'no-store',
        });
        response.end(await upstream.text());
      },
      () => response.writeHead(502).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A key set a verifier fetched: when its answer arrived, and the kids in it. */
export interface KeySetFetch {
  readonly at: number;
  readonly kids: readonly string[];
}

/** What a verifier is told to use, beside the issuer and audience. */
export interface FleetVerifierOptions {
  readonly issuer: string;
  readonly jwksUri?: string;
  readonly jwks: JwksOptions;
  readonly now: () => number;
}

/**
 * A verifier as a resource server runs one (`prepareAuthenticator`, RFC 9068 profile), with
 * every key-set fetch logged. Its verified-token cache is off: each call checks the
 * signature against the keys it holds, which is what rotation is about.
 */
export function fleetVerifier(name: string, options: FleetVerifierOptions) {
  const fetches: KeySetFetch[] = [];
  const logged: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.endsWith('/jwks.json') && response.ok) {
      const { keys } = (await response.clone().json()) as { keys: Array<{ kid: string }> };
      fetches.push({ at: Date.now(), kids: keys.map((key) => key.kid) });
    }
    return response;
  };
  const plan = prepareAuthenticator<string>(
    {
      issuer: options.issuer,
      audience: options.issuer,
      profile: 'rfc9068',
      ...(options.jwksUri ? { jwksUri: options.jwksUri } : {}),
      jwks: options.jwks,
      cache: false,
      fetch: logged,
      now: options.now,
    },
    (token) => ({ authorization: `Bearer ${token}` }),
  );
  return {
    name,
    fetches,
    /** Resolves with the token's `sub`; rejects with the verifier's `JwtGuardError`. */
    verify: async (token: string) => (await authenticateRequest(plan, token))?.payload.sub,
    /** When this verifier first held a key set listing `kid`. */
    knewAt: (kid: string) => fetches.find((entry) => entry.kids.includes(kid))?.at,
  };
}

/** The verifier type. */
export type FleetVerifier = ReturnType<typeof fleetVerifier>;

/** Waits `ms`. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
