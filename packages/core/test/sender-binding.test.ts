/**
 * Sender-constrained tokens through the authenticator: DPoP schemes and proofs, the
 * external origin behind a proxy, and certificate binding from each source a runtime lends.
 */
import {
  createDpopProof,
  createTestIssuer,
  type DpopKey,
  generateDpopKey,
  type TestIssuer,
} from '@jwt-guard/testing';
import { base64url } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../src/authenticator.js';
import { JwtGuardError } from '../src/errors/jwt-guard-error.js';
import { readClientCertificate } from '../src/mtls/client-certificate.js';
import { createSenderBinding } from '../src/sender-binding.js';
import { createMemoryStore } from '../src/store/index.js';
import type { TokenSources } from '../src/token/extract-token.js';

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
      { ...base(), binding: { dpop: {}, publicOrigin: 'https://api.example.com' } },
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
      { ...base(), binding: { dpop: { nonce: true } } },
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
    expect(() =>
      createAuthenticator({ ...base(), binding: { dpop: { iatWindow: -1 } } }, () => ({})),
    ).toThrow(/dpop/);
    expect(() =>
      createAuthenticator(
        { ...base(), binding: { mtls: { requried: true } } } as never,
        () => ({}),
      ),
    ).toThrow(/mtls/);
    for (const publicOrigin of [
      'api.example.com',
      'https://api.example.com/v1',
      'ftp://x.example',
    ]) {
      expect(() =>
        createAuthenticator({ ...base(), binding: { dpop: {}, publicOrigin } }, () => ({})),
      ).toThrow(/option "binding.publicOrigin"/);
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
    const authenticator = createAuthenticator<TokenSources>(
      { ...base(), binding: { mtls: {} } },
      (s) => s,
    );
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
      { ...base(), binding: { mtls: { required: true } } },
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

describe('createSenderBinding', () => {
  const der = new Uint8Array([48, 3, 2, 1, 0]);
  const address = { scheme: 'https', host: 'api.example.com', target: '/orders' };
  const htu = 'https://api.example.com/orders';
  const token = 'header.payload.signature';
  const refusal = (run: () => Promise<void> | undefined) =>
    failure(Promise.resolve().then(run)) as Promise<JwtGuardError | undefined>;
  const dpopSources = async (
    key: DpopKey,
    extra: Pick<TokenSources, 'certificate'> = {},
  ): Promise<TokenSources & { readonly dpop: string }> => ({
    authorization: `DPoP ${token}`,
    dpop: await createDpopProof(key, { method: 'GET', url: htu, accessToken: token }),
    method: 'GET',
    address,
    ...extra,
  });
  let key: DpopKey;
  let thumbprint: string;
  beforeAll(async () => {
    key = await generateDpopKey();
    thumbprint = base64url.encode(new Uint8Array(await crypto.subtle.digest('SHA-256', der)));
  });

  it('asks nothing of a plain bearer token: no promise at all', () => {
    const binding = createSenderBinding({ dpop: {}, mtls: {} });
    expect(binding.dpop).toBeDefined();
    expect(binding.mtls).toBeDefined();
    for (const payload of [{}, { cnf: { jwk: {} } }, Object.create({ cnf: { jkt: 'x' } })]) {
      expect(binding.check(payload, token, 'Bearer', {}, Date.now())).toBeUndefined();
    }
    const none = createSenderBinding({});
    expect([none.dpop, none.mtls]).toEqual([undefined, undefined]);
  });

  it('refuses as Bearer only a token whose own cnf holds its own jkt', () => {
    const binding = createSenderBinding({ dpop: {} });
    const bearer = (payload: object) => () =>
      binding.check(payload as never, token, 'Bearer', {}, Date.now());
    expect(bearer({ cnf: { jkt: 'x' } })).toThrow(JwtGuardError);
    expect(bearer({ cnf: { jkt: 'x' } })).toThrow(
      expect.objectContaining({ code: 'ERR_DPOP_BOUND_AS_BEARER' }),
    );
    for (const payload of [
      { cnf: null },
      { cnf: 'jkt' },
      { cnf: Object.create({ jkt: 'x' }) },
      Object.create({ cnf: { jkt: 'x' } }),
    ]) {
      expect(bearer(payload)).not.toThrow();
    }
  });

  it('checks the certificate of a bearer token only where it is called for', async () => {
    const binding = createSenderBinding({ mtls: {} });
    const bound = { cnf: { 'x5t#S256': thumbprint } };
    const check = (payload: object, sources: TokenSources) =>
      binding.check(payload as never, token, 'Bearer', sources, Date.now());
    await expect(check(bound, { certificate: { der } })).resolves.toBeUndefined();
    await expect(check(bound, { certificate: { thumbprint } })).resolves.toBeUndefined();
    for (const sources of [
      {},
      { certificate: { der: new Uint8Array([1]) } },
      { certificate: {} },
    ]) {
      expect(await refusal(() => check(bound, sources))).toMatchObject({
        code: 'ERR_CERTIFICATE_MISMATCH',
      });
    }
    // A cnf that is not an object claims a binding nobody can check.
    for (const cnf of ['x', ['x'], 7, null]) {
      expect(await refusal(() => check({ cnf }, { certificate: { der } }))).toMatchObject({
        code: 'ERR_CERTIFICATE_MISMATCH',
      });
    }
    const required = createSenderBinding({ mtls: { required: true } });
    expect(
      await refusal(() =>
        required.check({}, token, 'Bearer', { certificate: { der } }, Date.now()),
      ),
    ).toMatchObject({ code: 'ERR_CERTIFICATE_MISMATCH' });
  });

  it('accepts one DPoP header, as a string or a list of one, and refuses none or two', async () => {
    const binding = createSenderBinding({ dpop: {} });
    const payload = { cnf: { jkt: key.jkt } };
    const check = (sources: TokenSources) =>
      binding.check(payload, token, 'DPoP', sources, Date.now());
    await expect(check(await dpopSources(key))).resolves.toBeUndefined();
    const listed = await dpopSources(key);
    await expect(check({ ...listed, dpop: [listed.dpop] })).resolves.toBeUndefined();
    const twice = await dpopSources(key);
    for (const dpop of [[twice.dpop, twice.dpop], [], null, undefined]) {
      expect(await refusal(() => check({ ...twice, dpop }))).toMatchObject({
        code: 'ERR_DPOP_PROOF_INVALID',
        dpopReason: 'malformed',
      });
    }
  });

  it('binds the proof to the token: cnf.jkt must be the proof key’s thumbprint', async () => {
    const binding = createSenderBinding({ dpop: {} });
    for (const cnf of [{ jkt: 'x'.repeat(43) }, { jkt: 7 }, Object.create({ jkt: key.jkt }), 'x']) {
      const sources = await dpopSources(key);
      expect(
        await refusal(() => binding.check({ cnf } as never, token, 'DPoP', sources, Date.now())),
      ).toMatchObject({ code: 'ERR_DPOP_BINDING_MISMATCH' });
    }
  });

  it('checks both a DPoP proof and a certificate when a token is bound to both', async () => {
    const binding = createSenderBinding({ dpop: {}, mtls: {} });
    const payload = { cnf: { jkt: key.jkt, 'x5t#S256': thumbprint } };
    const check = (sources: TokenSources) =>
      binding.check(payload, token, 'DPoP', sources, Date.now());
    await expect(check(await dpopSources(key, { certificate: { der } }))).resolves.toBeUndefined();
    expect(await refusal(async () => check(await dpopSources(key)))).toMatchObject({
      code: 'ERR_CERTIFICATE_MISMATCH',
    });
    // A proof refused stops there.
    const bad = { ...(await dpopSources(key, { certificate: { der } })), method: 'POST' };
    expect(await refusal(() => check(bad))).toMatchObject({ code: 'ERR_DPOP_PROOF_INVALID' });
  });

  it('refuses a dpop option that is not an object, a shared store beside or not', () => {
    for (const dpop of [true, null, 'on']) {
      for (const store of [undefined, createMemoryStore()]) {
        expect(() => createSenderBinding({ dpop: dpop as never, store })).toThrow(TypeError);
        expect(() => createSenderBinding({ dpop: dpop as never, store })).toThrow(/"dpop"/);
      }
    }
  });

  it('uses dpop.replayStore over the shared store, and the shared store without one', async () => {
    const seen: string[] = [];
    const replayStore = {
      checkAndSet: (entry: string) => {
        seen.push(entry);
        return true;
      },
    };
    const store = createMemoryStore();
    const own = createSenderBinding({ dpop: { replayStore }, store });
    const payload = { cnf: { jkt: key.jkt } };
    const sources = await dpopSources(key);
    await own.check(payload, token, 'DPoP', sources, Date.now());
    // The custom store was asked, so the shared one still takes the proof once.
    expect(seen).toHaveLength(1);
    const [one, two] = [0, 1].map(() => createSenderBinding({ dpop: {}, store }));
    await one!.check(payload, token, 'DPoP', sources, Date.now());
    expect(
      await refusal(() => two!.check(payload, token, 'DPoP', sources, Date.now())),
    ).toMatchObject({
      code: 'ERR_DPOP_PROOF_INVALID',
      dpopReason: 'replay',
    });
  });

  it('passes on a refusal other than a nonce unchanged, and a nonce refusal with a fresh nonce', async () => {
    const withNonces = createSenderBinding({ dpop: { nonce: true } });
    const payload = { cnf: { jkt: key.jkt } };
    const error = await refusal(async () =>
      withNonces.check(payload, token, 'DPoP', await dpopSources(key), Date.now()),
    );
    expect(error).toMatchObject({ code: 'ERR_DPOP_NONCE_REQUIRED', dpopReason: 'nonce' });
    expect(error?.dpopNonce).toMatch(/^[A-Za-z0-9_-]{54}$/);
    const other = await refusal(async () =>
      withNonces.check(
        payload,
        token,
        'DPoP',
        { ...(await dpopSources(key)), method: 'PUT' },
        Date.now(),
      ),
    );
    expect(other).toMatchObject({ code: 'ERR_DPOP_PROOF_INVALID', dpopReason: 'htm' });
    expect(other?.dpopNonce).toBeUndefined();
  });
});
