/**
 * Sender-constrained tokens through the authenticator: DPoP schemes and proofs, the
 * external origin behind a proxy, and certificate binding from each source a runtime lends.
 */
import {
  createDpopProof,
  createTestIssuer,
  generateDpopKey,
  type TestIssuer,
} from '@jwt-guard/testing';
import { base64url } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator, readClientCertificate, type TokenSources } from '../src/adapter.js';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['ES256'] });
});
afterAll(() => issuer.close());

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );
const base = () => ({ issuer: issuer.issuer, audience: issuer.audience });

describe('DPoP through the authenticator', () => {
  it('checks htu against publicOrigin and the request path, when a proxy stands in front', async () => {
    const authenticator = createAuthenticator<TokenSources>(
      { ...base(), dpop: {}, publicOrigin: 'https://api.example.com' },
      (sources) => sources,
    );
    const key = await generateDpopKey();
    const token = await issuer.mint({ claims: { cnf: { jkt: key.jkt } } });
    // What the app sees behind the proxy: plain HTTP on an inner host.
    const inner = 'http://10.0.0.7:8080/orders?page=2';
    const seen = {
      method: 'GET',
      address: { scheme: 'http', host: '10.0.0.7:8080', target: '/orders?page=2' },
    };
    const request = async (htu: string) => ({
      authorization: `DPoP ${token}`,
      dpop: await createDpopProof(key, { method: 'GET', url: htu, accessToken: token }),
      ...seen,
    });
    const auth = await authenticator.authenticate(await request('https://api.example.com/orders'));
    expect(auth?.payload.cnf).toEqual({ jkt: key.jkt });
    expect(await failure(authenticator.authenticate(await request(inner)))).toMatchObject({
      code: 'ERR_DPOP_PROOF_INVALID',
      scheme: 'DPoP',
    });
  });

  it('refuses a DPoP-bound token sent as Bearer even where DPoP is off', async () => {
    const authenticator = createAuthenticator<string>(base(), (authorization) => ({
      authorization,
    }));
    const token = await issuer.mint({ claims: { cnf: { jkt: 'x'.repeat(43) } } });
    expect(await failure(authenticator.authenticate(`Bearer ${token}`))).toMatchObject({
      code: 'ERR_DPOP_BOUND_AS_BEARER',
      headers: {
        'WWW-Authenticate':
          'Bearer realm="api", error="invalid_token", error_description="The access token is DPoP-bound and needs the DPoP scheme"',
      },
    });
    // And a DPoP request where DPoP is off presents no credentials this API takes.
    expect(await failure(authenticator.authenticate(`DPoP ${token}`))).toMatchObject({
      code: 'ERR_NO_TOKEN',
    });
  });

  it('sends a fresh DPoP-Nonce with use_dpop_nonce, and takes it on the next proof', async () => {
    const authenticator = createAuthenticator<TokenSources>(
      { ...base(), dpop: { nonce: true } },
      (s) => s,
    );
    const key = await generateDpopKey();
    const token = await issuer.mint({ claims: { cnf: { jkt: key.jkt } } });
    const url = 'http://127.0.0.1/orders';
    const send = async (nonce?: string) =>
      authenticator.authenticate({
        authorization: `DPoP ${token}`,
        dpop: await createDpopProof(key, { method: 'GET', url, accessToken: token, nonce }),
        method: 'GET',
        address: { scheme: 'http', host: '127.0.0.1', target: '/orders' },
      });
    const refused = (await failure(send())) as { code: string; headers: Record<string, string> };
    expect(refused.code).toBe('ERR_DPOP_NONCE_REQUIRED');
    const nonce = refused.headers['DPoP-Nonce'];
    expect(nonce).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(refused.headers['WWW-Authenticate']).toContain('error="use_dpop_nonce"');
    expect((await send(nonce))?.payload.cnf).toEqual({ jkt: key.jkt });
    expect(await failure(send('bm90LW91cnM'))).toMatchObject({ code: 'ERR_DPOP_NONCE_REQUIRED' });
  });

  it('refuses options that are not, naming them', () => {
    expect(() => createAuthenticator({ ...base(), dpop: { iatWindow: -1 } }, () => ({}))).toThrow(
      /dpop/,
    );
    expect(() =>
      createAuthenticator({ ...base(), mtls: { requried: true } } as never, () => ({})),
    ).toThrow(/mtls/);
    for (const publicOrigin of [
      'api.example.com',
      'https://api.example.com/v1',
      'ftp://x.example',
    ]) {
      expect(() => createAuthenticator({ ...base(), dpop: {}, publicOrigin }, () => ({}))).toThrow(
        /option "publicOrigin"/,
      );
    }
  });
});

describe('certificate binding through the authenticator', () => {
  const der = new Uint8Array([48, 130, 1, 2, 3, 4, 5, 6, 7, 8]);
  const thumbprintOf = async (bytes: Uint8Array<ArrayBuffer>) =>
    base64url.encode(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));

  it.each([
    ['DER (a TLS socket or a trusted header)', async () => ({ der })],
    ['a thumbprint (Cloudflare)', async () => ({ thumbprint: await thumbprintOf(der) })],
  ])('takes the certificate as %s', async (_what, presented) => {
    const authenticator = createAuthenticator<TokenSources>({ ...base(), mtls: {} }, (s) => s);
    const bound = await issuer.mint({ claims: { cnf: { 'x5t#S256': await thumbprintOf(der) } } });
    const certificate = await presented();
    const auth = await authenticator.authenticate({
      authorization: `Bearer ${bound}`,
      certificate,
    });
    expect(auth?.token).toBe(bound);
    const other = { der: new Uint8Array([1, 2, 3]) };
    expect(
      await failure(
        authenticator.authenticate({ authorization: `Bearer ${bound}`, certificate: other }),
      ),
    ).toMatchObject({ code: 'ERR_CERTIFICATE_MISMATCH', status: 401 });
  });

  it('with required: true, refuses a token that is not certificate-bound', async () => {
    const authenticator = createAuthenticator<TokenSources>(
      { ...base(), mtls: { required: true } },
      (s) => s,
    );
    const unbound = await issuer.mint();
    expect(
      await failure(
        authenticator.authenticate({ authorization: `Bearer ${unbound}`, certificate: { der } }),
      ),
    ).toMatchObject({ code: 'ERR_CERTIFICATE_MISMATCH' });
  });
});

describe('readClientCertificate', () => {
  const fingerprint = 'ab'.repeat(32);
  const cf = (fields: Record<string, string>) => ({
    tlsClientAuth: { certPresented: '1', certFingerprintSHA256: fingerprint, ...fields },
  });

  it('takes Cloudflare’s fingerprint, unverified chains included, but not a revoked certificate', () => {
    const expected = { thumbprint: Buffer.from(fingerprint, 'hex').toString('base64url') };
    expect(readClientCertificate(false, { cf: cf({ certVerified: 'SUCCESS' }) })).toEqual(expected);
    expect(
      readClientCertificate(false, { cf: cf({ certVerified: 'FAILED:self signed' }) }),
    ).toEqual(expected);
    expect(readClientCertificate(false, { cf: cf({ certRevoked: '1' }) })).toBeUndefined();
    expect(readClientCertificate(false, { cf: cf({ certPresented: '0' }) })).toBeUndefined();
  });

  it('reads only the trusted header when one is configured', () => {
    const socket = { getPeerCertificate: () => ({ raw: Buffer.from([1, 2, 3]) }) };
    expect(readClientCertificate(true, { header: undefined, socket })).toBeUndefined();
    expect(readClientCertificate(false, { socket })?.der).toEqual(new Uint8Array([1, 2, 3]));
    expect(readClientCertificate(true, { header: ':AQID:', socket })?.der).toEqual(
      new Uint8Array([1, 2, 3]),
    );
  });
});
