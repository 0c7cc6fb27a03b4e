/**
 * Certificate-bound tokens behind a TLS-terminating proxy: with `certificateHeader`, each
 * adapter reads the client certificate from RFC 9440 `Client-Cert` only, never from its own
 * TLS connection (which, behind a proxy, is the proxy's).
 */
import type { ServerOptions } from 'node:https';
import {
  createClientCertificate,
  createServerCertificate,
  createTestIssuer,
  type TestCertificate,
  type TestIssuer,
} from '@jwt-guard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACCEPTED, HANDLED, MISMATCH, REFUSED } from './answers.js';
import { call } from './client.js';
import { NODE_TARGETS, type RunningApp } from './node-apps.js';

let issuer: TestIssuer;
let server: TestCertificate;
let client: TestCertificate;
let other: TestCertificate;

beforeAll(async () => {
  [issuer, server, client, other] = await Promise.all([
    createTestIssuer(),
    createServerCertificate(),
    createClientCertificate({ commonName: 'bound client' }),
    createClientCertificate({ commonName: 'other client' }),
  ]);
});
afterAll(() => issuer?.close());

const bound = () => issuer.mint({ claims: { cnf: { 'x5t#S256': client.thumbprint } } });

/** RFC 9440 §2.2: the DER certificate as an RFC 8941 byte sequence, `:base64:`. */
const clientCert = (certificate: TestCertificate) =>
  `:${Buffer.from(certificate.der).toString('base64')}:`;

describe.each(NODE_TARGETS)('$name behind a proxy (Client-Cert header)', (target) => {
  let plain: RunningApp;
  let overTls: RunningApp;

  beforeAll(async () => {
    const options = {
      issuer: issuer.issuer,
      audience: issuer.audience,
      binding: { mtls: { certificateHeader: 'client-cert' } },
    };
    const tls: ServerOptions = {
      cert: server.certPem,
      key: server.keyPem,
      requestCert: true,
      rejectUnauthorized: false,
    };
    [plain, overTls] = await Promise.all([target.start(options), target.start(options, tls)]);
  });
  afterAll(() => Promise.all([plain?.stop(), overTls?.stop()]));
  beforeEach(() => {
    plain.observer.drain();
    overTls.observer.drain();
  });

  it('accepts a bound token with the header of its certificate', async () => {
    const headers = { 'Client-Cert': clientCert(client) };
    expect(await call(plain.base, { token: await bound(), headers })).toEqual(ACCEPTED);
    expect(plain.observer.drain()).toEqual(HANDLED);
  });

  it('refuses a bound token with the header of another certificate', async () => {
    const headers = { 'Client-Cert': clientCert(other) };
    expect(await call(plain.base, { token: await bound(), headers })).toEqual(MISMATCH);
    expect(plain.observer.drain()).toEqual(REFUSED);
  });

  it('refuses a bound token without the header', async () => {
    expect(await call(plain.base, { token: await bound() })).toEqual(MISMATCH);
    expect(plain.observer.drain()).toEqual(REFUSED);
  });

  it.each([
    ['bare base64, no colons', () => Buffer.from(client.der).toString('base64')],
    ['base64url instead of base64', () => `:${Buffer.from(client.der).toString('base64url')}:`],
    ['one character cut off', () => `${clientCert(client).slice(0, -2)}:`],
    ['an empty byte sequence', () => '::'],
    ['a parameter after it', () => `${clientCert(client)};chain=1`],
    ['a list of two', () => `${clientCert(client)}, ${clientCert(other)}`],
    ['two header lines', () => [clientCert(client), clientCert(client)]],
    ['the PEM text', () => client.certPem.replaceAll('\n', ' ')],
  ])('refuses a malformed header (%s)', async (_, value) => {
    const headers = { 'Client-Cert': value() };
    expect(await call(plain.base, { token: await bound(), headers })).toEqual(MISMATCH);
    expect(plain.observer.drain()).toEqual(REFUSED);
  });

  it('does not read the TLS connection: the right certificate over TLS, no header', async () => {
    const answer = await call(overTls.base, {
      token: await bound(),
      ca: server.certPem,
      certificate: client,
    });
    expect(answer).toEqual(MISMATCH);
    expect(overTls.observer.drain()).toEqual(REFUSED);
  });

  it('takes the header over the TLS connection: another certificate over TLS', async () => {
    const answer = await call(overTls.base, {
      token: await bound(),
      ca: server.certPem,
      certificate: other,
      headers: { 'Client-Cert': clientCert(client) },
    });
    expect(answer).toEqual(ACCEPTED);
    expect(overTls.observer.drain()).toEqual(HANDLED);
  });
});
