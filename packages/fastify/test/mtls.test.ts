/**
 * Certificate-bound tokens (RFC 8705 §3) on Fastify: the client certificate from Fastify's own
 * HTTPS listener (the TLS socket behind `request.raw`), and from a trusted proxy's RFC 9440
 * `Client-Cert` header, which then alone counts.
 */
import { request } from 'node:https';
import {
  createClientCertificate,
  createServerCertificate,
  createTestIssuer,
  type TestCertificate,
  type TestIssuer,
} from '@jwt-guard/testing';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jwtAuth } from '../src/index.js';

let issuer: TestIssuer;
let server: TestCertificate;
let client: TestCertificate;
let other: TestCertificate;
const apps: FastifyInstance[] = [];
let socketBase: string;
let headerBase: string;

const MISMATCH = 'The access token is bound to another client certificate';

async function start(binding: { mtls: { certificateHeader?: string } }) {
  const app = Fastify({
    https: {
      cert: server.certPem,
      key: server.keyPem,
      requestCert: true,
      rejectUnauthorized: false,
    },
  });
  await app.register(jwtAuth, { issuer: issuer.issuer, audience: issuer.audience, binding });
  app.get('/me', async (request) => ({ sub: request.auth?.payload.sub }));
  apps.push(app);
  return app.listen({ port: 0, host: '127.0.0.1' });
}

beforeAll(async () => {
  [issuer, server, client, other] = await Promise.all([
    createTestIssuer(),
    createServerCertificate(),
    createClientCertificate({ commonName: 'bound client' }),
    createClientCertificate({ commonName: 'other client' }),
  ]);
  socketBase = await start({ mtls: {} });
  headerBase = await start({ mtls: { certificateHeader: 'client-cert' } });
});
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await issuer.close();
});

/** `GET /me` on a fresh TLS connection, presenting `certificate` (or none). */
function call(base: string, token: string, certificate?: TestCertificate, headers = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      `${base}/me`,
      {
        agent: false,
        ca: server.certPem,
        cert: certificate?.certPem,
        key: certificate?.keyPem,
        headers: { ...headers, authorization: `Bearer ${token}` },
      },
      (res) => {
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const bound = () => issuer.mint({ claims: { cnf: { 'x5t#S256': client.thumbprint } } });
const ACCEPTED = { status: 200, body: '{"sub":"user-123"}' };
const REFUSED = { status: 401, body: MISMATCH };
/** RFC 9440 §2.2: the DER certificate as an RFC 8941 byte sequence. */
const clientCert = (certificate: TestCertificate) => ({
  'client-cert': `:${Buffer.from(certificate.der).toString('base64')}:`,
});

describe('Fastify: certificate-bound tokens', () => {
  it('reads the certificate from the TLS socket of its HTTPS listener', async () => {
    const token = await bound();
    expect(await call(socketBase, token, client)).toEqual(ACCEPTED);
    expect(await call(socketBase, token, other)).toEqual(REFUSED);
    expect(await call(socketBase, token)).toEqual(REFUSED);
  });

  it('reads the trusted header alone when one is configured', async () => {
    const token = await bound();
    expect(await call(headerBase, token, undefined, clientCert(client))).toEqual(ACCEPTED);
    expect(await call(headerBase, token, undefined, clientCert(other))).toEqual(REFUSED);
    // The right certificate on the connection counts for nothing: behind a proxy it is the proxy's.
    expect(await call(headerBase, token, client)).toEqual(REFUSED);
  });
});
