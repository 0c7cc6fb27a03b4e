/**
 * The client certificate of a real TLS connection: node:https on 127.0.0.1, with and
 * without a CA, read in the request handler through peerCertificateDer.
 */
import { createServer as createHttpServer, get as httpGet } from 'node:http';
import {
  createServer,
  type RequestOptions,
  request,
  type Server,
  type ServerOptions,
} from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  createCertificateAuthority,
  createClientCertificate,
  createServerCertificate,
  type TestCertificate,
  type TestCertificateAuthority,
} from '@jwt-guard/testing';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { certificateThumbprint, peerCertificateDer } from '../../src/mtls/index.js';

/** What the handler saw: the thumbprint it computed, and whether Node verified the chain. */
interface Seen {
  readonly thumbprint: string | null;
  readonly authorized: boolean;
}

let authority: TestCertificateAuthority;
let selfSignedServer: TestCertificate;
let issuedServer: TestCertificate;
let selfSignedClient: TestCertificate;
let issuedClient: TestCertificate;
const servers: Server[] = [];

beforeAll(async () => {
  authority = await createCertificateAuthority();
  [selfSignedServer, issuedServer, selfSignedClient, issuedClient] = await Promise.all([
    createServerCertificate(),
    createServerCertificate(authority),
    createClientCertificate({ commonName: 'self-signed client' }),
    authority.issue('issued client'),
  ]);
});

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    }),
  );
});

async function listen(options: ServerOptions): Promise<number> {
  const server = createServer(options, async (req, res) => {
    const der = peerCertificateDer(req.socket);
    const seen: Seen = {
      thumbprint: der ? await certificateThumbprint(der) : null,
      authorized: (req.socket as { authorized?: boolean }).authorized === true,
    };
    res.setHeader('content-type', 'application/json').end(JSON.stringify(seen));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function fetchSeen(port: number, options: RequestOptions): Promise<Seen> {
  return new Promise((resolve, reject) => {
    // agent: false: a fresh connection and TLS session per request, nothing kept alive.
    const req = request({ host: '127.0.0.1', port, path: '/', agent: false, ...options }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve(JSON.parse(body) as Seen));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('peerCertificateDer over node:https', () => {
  describe('self-signed certificates (requestCert, rejectUnauthorized: false)', () => {
    const serverOptions = () => ({
      cert: selfSignedServer.certPem,
      key: selfSignedServer.keyPem,
      requestCert: true,
      rejectUnauthorized: false,
    });

    it('reads the client certificate: its thumbprint is the one a token is bound to', async () => {
      const port = await listen(serverOptions());
      const seen = await fetchSeen(port, {
        cert: selfSignedClient.certPem,
        key: selfSignedClient.keyPem,
        ca: selfSignedServer.certPem,
      });
      // Not authorized by any CA, and still read: RFC 8705 §3 binds by thumbprint.
      expect(seen).toEqual({ thumbprint: selfSignedClient.thumbprint, authorized: false });
    });

    it('gives undefined when the client presents no certificate', async () => {
      const port = await listen(serverOptions());
      const seen = await fetchSeen(port, { ca: selfSignedServer.certPem });
      expect(seen).toEqual({ thumbprint: null, authorized: false });
    });

    it('reads a CA-issued client certificate as well', async () => {
      const port = await listen(serverOptions());
      const seen = await fetchSeen(port, {
        cert: issuedClient.certPem,
        key: issuedClient.keyPem,
        ca: selfSignedServer.certPem,
      });
      expect(seen.thumbprint).toBe(issuedClient.thumbprint);
    });
  });

  describe('a CA (requestCert, rejectUnauthorized: true)', () => {
    const serverOptions = () => ({
      cert: issuedServer.certPem,
      key: issuedServer.keyPem,
      ca: authority.certPem,
      requestCert: true,
      rejectUnauthorized: true,
    });

    it('reads the client certificate the CA issued', async () => {
      const port = await listen(serverOptions());
      const seen = await fetchSeen(port, {
        cert: issuedClient.certPem,
        key: issuedClient.keyPem,
        ca: authority.certPem,
      });
      expect(seen).toEqual({ thumbprint: issuedClient.thumbprint, authorized: true });
    });

    it('never reaches the handler with a certificate the CA did not issue', async () => {
      const port = await listen(serverOptions());
      const attempt = fetchSeen(port, {
        cert: selfSignedClient.certPem,
        key: selfSignedClient.keyPem,
        ca: authority.certPem,
      });
      await expect(attempt).rejects.toThrow();
    });
  });
});

describe('peerCertificateDer on other sockets', () => {
  it('gives undefined on a plain HTTP connection', async () => {
    const server = createHttpServer((req, res) => {
      res.end(String(peerCertificateDer(req.socket)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const body = await new Promise<string>((resolve, reject) => {
      httpGet({ host: '127.0.0.1', port, agent: false }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        res.on('end', () => resolve(text));
      }).on('error', reject);
    });
    await new Promise((resolve) => server.close(resolve));
    expect(body).toBe('undefined');
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'socket'],
    ['an object without getPeerCertificate', {}],
    ['getPeerCertificate not a function', { getPeerCertificate: {} }],
    ['no certificate: an empty object', { getPeerCertificate: () => ({}) }],
    ['a destroyed socket: null', { getPeerCertificate: () => null }],
    ['an empty raw', { getPeerCertificate: () => ({ raw: new Uint8Array() }) }],
    ['raw as a string', { getPeerCertificate: () => ({ raw: 'MIIB' }) }],
    ['raw as an array', { getPeerCertificate: () => ({ raw: [48, 130] }) }],
  ])('gives undefined for %s', (_, socket) => {
    expect(peerCertificateDer(socket)).toBeUndefined();
  });

  it('gives exactly the bytes of raw, as a plain Uint8Array', () => {
    const raw = Buffer.from([0, 48, 130, 1, 0]).subarray(1, 4);
    const der = peerCertificateDer({ getPeerCertificate: () => ({ raw }) });
    expect(der).toEqual(new Uint8Array([48, 130, 1]));
    expect(Object.getPrototypeOf(der)).toBe(Uint8Array.prototype);
  });
});
