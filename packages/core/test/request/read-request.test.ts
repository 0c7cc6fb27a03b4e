/**
 * The one Node request reader the Node-based adapters share: what it reads for each wanted
 * source, what it leaves unread, and the same on a real IncomingMessage on loopback.
 */
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { WantedSources } from '../../src/authenticator-plan.js';
import {
  type NodeIncoming,
  type NodeRequestLifting,
  readNodeRequest,
} from '../../src/request/read-request.js';
import type { TokenSources } from '../../src/token/extract-token.js';

const NOTHING: WantedSources = { formBody: false, cookie: false };
const FORM = 'application/x-www-form-urlencoded';

function incoming(rawHeaders: string[], over: Partial<NodeIncoming> = {}): NodeIncoming {
  const headers: Record<string, string> = {};
  for (let i = 0; i < rawHeaders.length; i += 2) {
    headers[(rawHeaders[i] as string).toLowerCase()] = rawHeaders[i + 1] as string;
  }
  return { rawHeaders, headers, url: '/orders?x=1', method: 'POST', ...over };
}

const bare: NodeRequestLifting<NodeIncoming> = { incoming: (req) => req };

// Synchronous unless a body parser is async: these readers all are.
const read = (req: NodeIncoming, wanted: WantedSources, lifting = bare) =>
  readNodeRequest(req, wanted, lifting) as TokenSources;

describe('readNodeRequest', () => {
  it('reads every Authorization field from the raw headers, and the target as the query', () => {
    const req = incoming(['Authorization', 'Bearer a', 'authorization', 'Bearer b']);
    expect(read(req, NOTHING)).toEqual({
      authorization: ['Bearer a', 'Bearer b'],
      query: '/orders?x=1',
      cookie: undefined,
    });
  });

  it('reads the cookie only when a cookie token is wanted', () => {
    const req = incoming(['Cookie', 'at=abc']);
    expect(read(req, NOTHING).cookie).toBeUndefined();
    expect(read(req, { ...NOTHING, cookie: true }).cookie).toBe('at=abc');
  });

  it('reads the parsed body only for a wanted form token with a form Content-Type', () => {
    const reads: unknown[] = [];
    const lifting: NodeRequestLifting<NodeIncoming> = {
      incoming: (req) => req,
      body: (req) => {
        reads.push(req);
        return { access_token: 'abc' };
      },
    };
    const form = incoming(['Content-Type', `${FORM}; charset=utf-8`]);
    const json = incoming(['Content-Type', 'application/json']);
    expect(read(form, NOTHING, lifting).formBody).toBeUndefined();
    expect(read(json, { ...NOTHING, formBody: true }, lifting).formBody).toBeUndefined();
    expect(reads).toEqual([]);
    const sources = read(form, { ...NOTHING, formBody: true }, lifting);
    expect(sources.formBody).toEqual({ access_token: 'abc' });
    expect(sources.contentType).toBe(`${FORM}; charset=utf-8`);
    expect(reads).toEqual([form]);
  });

  it('waits for a body parser that answers with a promise', async () => {
    const lifting = { incoming: (req: NodeIncoming) => req, body: async () => ({ a: '1' }) };
    const sources = readNodeRequest(
      incoming(['Content-Type', FORM, 'Authorization', 'Bearer a']),
      { ...NOTHING, formBody: true },
      lifting,
    );
    expect(sources).toBeInstanceOf(Promise);
    expect(await sources).toMatchObject({ authorization: ['Bearer a'], formBody: { a: '1' } });
  });

  it('reads no form body where the framework parsed none', () => {
    const sources = read(incoming(['Content-Type', FORM]), { ...NOTHING, formBody: true });
    expect(sources.formBody).toBeUndefined();
  });

  it('reads no method, address, DPoP or certificate without sender binding', () => {
    const sources = read(incoming(['DPoP', 'proof', 'Host', 'api.test']), NOTHING);
    for (const key of ['method', 'address', 'dpop', 'certificate']) {
      expect(sources).not.toHaveProperty(key);
    }
  });

  it('with DPoP, reads the method, the framework address and every DPoP field', () => {
    const lifting: NodeRequestLifting<NodeIncoming> = {
      incoming: (req) => req,
      address: () => ({ scheme: 'https', host: 'proxy.test', target: '/api/orders' }),
    };
    const req = incoming(['DPoP', 'one', 'Host', 'api.test', 'dpop', 'two']);
    const sources = read(req, { ...NOTHING, dpop: true }, lifting);
    expect(sources.method).toBe('POST');
    expect(sources.address).toEqual({ scheme: 'https', host: 'proxy.test', target: '/api/orders' });
    expect(sources.dpop).toEqual(['one', 'two']);
    expect(sources.certificate).toBeUndefined();
  });

  it('without an address from the framework, takes the Host, the target and the socket scheme', () => {
    const req = incoming(['Host', 'api.test:8443']);
    expect(read(req, { ...NOTHING, dpop: true }).address).toEqual({
      scheme: 'http',
      host: 'api.test:8443',
      target: '/orders?x=1',
    });
    const tls = { ...req, socket: { encrypted: true } };
    expect(read(tls, { ...NOTHING, dpop: true }).address?.scheme).toBe('https');
    const noHost = incoming([], { url: undefined });
    expect(read(noHost, { ...NOTHING, dpop: true }).address).toEqual({
      scheme: 'http',
      host: undefined,
      target: '/',
    });
  });

  it('with certificate binding, reads the TLS socket certificate and no address', () => {
    const der = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]);
    const socket = { getPeerCertificate: () => ({ raw: Buffer.from(der) }) };
    const sources = read(incoming([], { socket }), { ...NOTHING, certificate: true });
    expect(sources.certificate?.der).toEqual(der);
    expect(sources.method).toBe('POST');
    expect(sources.address).toBeUndefined();
    expect(sources.dpop).toBeUndefined();
  });

  it('reads the certificate from the configured header alone, never the socket', () => {
    const socket = { getPeerCertificate: () => ({ raw: Buffer.from([1, 2, 3]) }) };
    const wanted = { ...NOTHING, certificate: true, certificateHeader: 'client-cert' };
    expect(read(incoming([], { socket }), wanted).certificate).toBeUndefined();
  });
});

describe('readNodeRequest on a real IncomingMessage', () => {
  it('sees repeated fields and the request as Node received it', async () => {
    let seen: TokenSources | undefined;
    const server = createServer((req: IncomingMessage, res) => {
      seen = read(req, { formBody: false, cookie: true, dpop: true });
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      await new Promise<void>((resolve, reject) => {
        const raw = ['Host', `127.0.0.1:${port}`, 'Authorization', 'DPoP a'];
        raw.push('Authorization', 'Bearer b', 'DPoP', 'p1', 'DPoP', 'p2', 'Cookie', 'at=c');
        const sent = httpRequest({ port, host: '127.0.0.1', path: '/me?y=2', headers: raw });
        sent.on('response', (res) => res.resume().on('end', resolve)).on('error', reject);
        sent.end();
      });
    } finally {
      server.close();
    }
    expect(seen).toMatchObject({
      authorization: ['DPoP a', 'Bearer b'],
      query: '/me?y=2',
      cookie: 'at=c',
      method: 'GET',
      address: { scheme: 'http', host: `127.0.0.1:${port}`, target: '/me?y=2' },
      dpop: ['p1', 'p2'],
    });
  });
});
