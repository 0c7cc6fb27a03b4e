/**
 * The test issuer's HTTP side: discovery and JWKS on 127.0.0.1, with switches for the ways
 * a real issuer fails (an outage, a hang, an odd key set document).
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server answers at its two paths. */
export interface IssuerDocuments {
  /** Path of the metadata document, or `undefined` to serve none. */
  readonly metadataPath: string | undefined;
  readonly jwksPath: string;
  /** The metadata document, given the server's origin. */
  metadata(origin: string): unknown;
  /** The JWKS response: a value sent as JSON, or a string sent as it is. */
  jwks(): unknown;
}

/** A running issuer server. */
export interface IssuerServer {
  readonly origin: string;
  readonly requests: { discovery: number; jwks: number };
  /** While on, every request is answered 503. */
  setOutage(on: boolean): void;
  /** While on, no request is answered; turning it off drops the connections held. */
  setHang(on: boolean): void;
  close(): Promise<void>;
}

/**
 * Starts the server on 127.0.0.1 and `port` (0: any free port).
 *
 * @example
 * ```ts
 * const server = await startIssuerServer(documents, 0);
 * server.setHang(true); // JWKS fetches now time out
 * ```
 */
export async function startIssuerServer(
  documents: IssuerDocuments,
  port: number,
): Promise<IssuerServer> {
  const requests = { discovery: 0, jwks: 0 };
  let outage = false;
  let hang = false;
  const held = new Set<ServerResponse>();
  let origin = '';

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (outage) return void res.writeHead(503).end();
    if (hang) {
      held.add(res);
      res.once('close', () => held.delete(res));
      return;
    }
    if (url === documents.metadataPath) {
      requests.discovery += 1;
      return send(res, documents.metadata(origin));
    }
    if (url !== documents.jwksPath) return void res.writeHead(404).end();
    requests.jwks += 1;
    send(res, documents.jwks());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    requests,
    setOutage(on) {
      outage = on;
    },
    setHang(on) {
      hang = on;
      if (!on) for (const res of held) res.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, body: unknown) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
