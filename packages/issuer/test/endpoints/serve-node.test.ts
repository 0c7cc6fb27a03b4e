/**
 * `liftNodeTokenEndpoints` on a bare Node server: the request read from the
 * `IncomingMessage` (its body, or what a parser already read), the answer written in order
 * through the writer, other paths passed on at once, a failing writer a rejection.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type EndpointWriter,
  liftNodeTokenEndpoints,
  type NodeEndpointServer,
} from '../../src/index.js';
import { authenticate, setUp } from './helpers.js';

interface Raw {
  readonly req: IncomingMessage;
  /** What a body parser read before the endpoints, if one ran. */
  parsed?: unknown;
}

type Handler = (raw: Raw, res: ServerResponse) => void;
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

async function serve(handler: Handler): Promise<string> {
  const server = createServer((req, res) => handler({ req }, res));
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The endpoints mounted as plain Node middleware; `next` answers 404 "app". */
function mount(calls: string[] = []) {
  const { tokens } = setUp();
  let served: NodeEndpointServer<Raw> | undefined;
  const { tokenEndpoints } = liftNodeTokenEndpoints<Raw, NodeEndpointServer<Raw>>({
    incoming: (raw) => raw.req,
    path: (raw) => new URL(raw.req.url ?? '/', 'http://x').pathname,
    parsedBody: (raw) => raw.parsed,
    middleware: (serveRaw) => {
      served = serveRaw;
      return serveRaw;
    },
  });
  tokenEndpoints(tokens, { authenticate });
  const writer = (res: ServerResponse): EndpointWriter => ({
    status: (code) => {
      calls.push(`status ${code}`);
      res.statusCode = code;
    },
    append: (name, value) => {
      calls.push(`header ${name}`);
      res.appendHeader(name, value);
    },
    end: (body) => {
      calls.push('end');
      res.end(body);
    },
  });
  return { serveRaw: served as NodeEndpointServer<Raw>, writer };
}

const LOGIN_FORM = 'username=alice&password=wonderland';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('liftNodeTokenEndpoints', () => {
  it('reads the body from the IncomingMessage and writes status, headers, then the body', async () => {
    const calls: string[] = [];
    const { serveRaw, writer } = mount(calls);
    const url = await serve((raw, res) => void serveRaw(raw, writer(res)));
    const res = await fetch(`${url}/auth/login`, {
      method: 'POST',
      headers: FORM,
      body: LOGIN_FORM,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(((await res.json()) as { token_type: string }).token_type).toBe('Bearer');
    expect(calls[0]).toBe('status 200');
    expect(calls.at(-1)).toBe('end');
    expect(calls.slice(1, -1).every((call) => call.startsWith('header '))).toBe(true);
  });

  it('takes the body an earlier parser read once the stream is spent', async () => {
    const { serveRaw, writer } = mount();
    const url = await serve((raw, res) => {
      raw.req.resume();
      raw.req.on('end', () => {
        raw.parsed = { username: 'alice', password: 'wonderland' };
        void serveRaw(raw, writer(res));
      });
    });
    const res = await fetch(`${url}/auth/login`, {
      method: 'POST',
      headers: FORM,
      body: LOGIN_FORM,
    });
    expect(res.status).toBe(200);
  });

  it("returns undefined at once for the app's own paths", async () => {
    const { serveRaw, writer } = mount();
    const url = await serve((raw, res) => {
      if (serveRaw(raw, writer(res)) === undefined) res.writeHead(404).end('app');
    });
    const res = await fetch(`${url}/api/orders`);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('app');
  });

  it('rejects with what the writer throws, for the framework to route', async () => {
    const { serveRaw } = mount();
    const failure = new Error('headers already sent');
    const rejected = new Promise<unknown>((done) => {
      void serve((raw, res) => {
        const broken: EndpointWriter = {
          status: () => {
            throw failure;
          },
          append: () => undefined,
          end: () => undefined,
        };
        serveRaw(raw, broken)?.catch((error: unknown) => {
          done(error);
          res.writeHead(500).end();
        });
      }).then((url) => fetch(`${url}/.well-known/jwks.json`));
    });
    expect(await rejected).toBe(failure);
  });
});
