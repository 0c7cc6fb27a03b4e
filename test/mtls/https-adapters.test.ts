/**
 * Certificate-bound access tokens (RFC 8705 §3) end to end: each adapter behind node:https
 * asking for a client certificate, and a real TLS client presenting one, another or none.
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
import { type CallOptions, call } from './client.js';
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

// Self-signed client certificates are accepted at the TLS layer: RFC 8705 §3 binds the token
// to the certificate's thumbprint, not to a CA.
const tls = (): ServerOptions => ({
  cert: server.certPem,
  key: server.keyPem,
  requestCert: true,
  rejectUnauthorized: false,
});

const bound = () => issuer.mint({ claims: { cnf: { 'x5t#S256': client.thumbprint } } });

describe.each(NODE_TARGETS)('$name over HTTPS', (target) => {
  let optional: RunningApp;
  let required: RunningApp;
  const send = (app: RunningApp, token: string, certificate?: TestCertificate) => {
    const options: CallOptions = { token, ca: server.certPem, certificate };
    return call(app.base, options);
  };

  beforeAll(async () => {
    const auth = { issuer: issuer.issuer, audience: issuer.audience };
    [optional, required] = await Promise.all([
      target.start({ ...auth, binding: { mtls: {} } }, tls()),
      target.start({ ...auth, binding: { mtls: { required: true } } }, tls()),
    ]);
  });
  afterAll(() => Promise.all([optional?.stop(), required?.stop()]));
  // A test that failed half-way leaves no outcomes behind for the next one.
  beforeEach(() => {
    optional.observer.drain();
    required.observer.drain();
  });

  it('accepts a bound token with the certificate it names', async () => {
    expect(await send(optional, await bound(), client)).toEqual(ACCEPTED);
    expect(optional.observer.drain()).toEqual(HANDLED);
  });

  it('refuses a bound token with another certificate', async () => {
    expect(await send(optional, await bound(), other)).toEqual(MISMATCH);
    expect(optional.observer.drain()).toEqual(REFUSED);
  });

  it('refuses a bound token without a client certificate', async () => {
    expect(await send(optional, await bound())).toEqual(MISMATCH);
    expect(optional.observer.drain()).toEqual(REFUSED);
  });

  it('checks the certificate again when the token is answered from the cache', async () => {
    const token = await bound();
    const answers = [
      await send(optional, token, client),
      await send(optional, token, other),
      await send(optional, token),
      await send(optional, token, client),
    ];
    expect(answers).toEqual([ACCEPTED, MISMATCH, MISMATCH, ACCEPTED]);
    expect(optional.observer.drain()).toEqual({
      handled: 2,
      codes: ['ERR_CERTIFICATE_MISMATCH', 'ERR_CERTIFICATE_MISMATCH'],
    });
  });

  it('accepts an unbound token, with or without a certificate, when binding is not required', async () => {
    const token = await issuer.mint();
    expect([await send(optional, token, client), await send(optional, token)]).toEqual([
      ACCEPTED,
      ACCEPTED,
    ]);
    expect(optional.observer.drain()).toEqual({ handled: 2, codes: [] });
  });

  it.each([
    ['no cnf', {}],
    ['a cnf without x5t#S256', { cnf: { kid: 'some-key' } }],
  ])('refuses an unbound token (%s) when binding is required', async (_, claims) => {
    expect(await send(required, await issuer.mint({ claims }), client)).toEqual(MISMATCH);
    expect(required.observer.drain()).toEqual(REFUSED);
  });

  it('accepts a bound token with its certificate when binding is required', async () => {
    expect(await send(required, await bound(), client)).toEqual(ACCEPTED);
    expect(required.observer.drain()).toEqual(HANDLED);
  });

  it.each([
    ['x5t#S256 a number', () => ({ 'x5t#S256': 42 })],
    ['x5t#S256 null', () => ({ 'x5t#S256': null })],
    ['x5t#S256 in an array', () => ({ 'x5t#S256': [client.thumbprint] })],
    ['x5t#S256 padded', () => ({ 'x5t#S256': `${client.thumbprint}=` })],
    ['x5t#S256 in hex', () => ({ 'x5t#S256': hex(client.thumbprint) })],
  ])('refuses a malformed binding (%s), even with the right certificate', async (_, cnf) => {
    const token = await issuer.mint({ claims: { cnf: cnf() } });
    expect(await send(optional, token, client)).toEqual(MISMATCH);
    expect(optional.observer.drain()).toEqual(REFUSED);
  });

  describe.each([
    ['a string', () => client.thumbprint],
    ['an array', () => [{ 'x5t#S256': client.thumbprint }]],
    ['null', () => null],
  ])('a cnf that is not an object (%s)', (_, cnf) => {
    const token = () => issuer.mint({ claims: { cnf: cnf() } });

    it('is refused when binding is required', async () => {
      expect(await send(required, await token(), client)).toEqual(MISMATCH);
      expect(required.observer.drain()).toEqual(REFUSED);
    });

    // A cnf that is not an object claims a binding nobody can check.
    it('is refused when binding is not required', async () => {
      expect(await send(optional, await token(), client)).toEqual(MISMATCH);
      expect(optional.observer.drain()).toEqual(REFUSED);
    });
  });
});

function hex(base64url: string): string {
  return Buffer.from(base64url, 'base64url').toString('hex');
}
