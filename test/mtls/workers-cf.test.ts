/**
 * Certificate-bound tokens on Cloudflare Workers: the Hono adapter reads the client
 * certificate's SHA-256 fingerprint from `request.cf.tlsClientAuth`. First through
 * `app.fetch` with a Request carrying `cf`, then once in workerd itself (through miniflare).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createClientCertificate,
  createTestIssuer,
  type TestCertificate,
  type TestIssuer,
} from '@jwt-guard/testing';
import { build } from 'esbuild';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EDGE_BUILD_OPTIONS } from '../edge/bundle.js';
import { type ChildServer, startChildServer } from '../edge/child-server.js';
import { node22Binary } from '../edge/runtime-binaries.js';
import { ACCEPTED, answerOf, HANDLED, MISMATCH, REFUSED } from './answers.js';
import { call } from './client.js';
import { createMtlsHonoApp, type MtlsAuthOptions } from './hono-app.js';
import { createObserver } from './observer.js';
import { tlsClientAuth } from './tls-client-auth.js';

let issuer: TestIssuer;
let client: TestCertificate;
let other: TestCertificate;

beforeAll(async () => {
  [issuer, client, other] = await Promise.all([
    createTestIssuer(),
    createClientCertificate({ commonName: 'bound client' }),
    createClientCertificate({ commonName: 'other client' }),
  ]);
});
afterAll(() => issuer?.close());

const bound = () => issuer.mint({ claims: { cnf: { 'x5t#S256': client.thumbprint } } });

/** A Request as Workers hand it over: `cf` is a property of the Request itself. */
function workersRequest(token: string, cf?: object, headers: Record<string, string> = {}) {
  const request = new Request('https://api.example.test/me', {
    headers: { ...headers, authorization: `Bearer ${token}` },
  });
  if (cf) Object.defineProperty(request, 'cf', { value: cf, enumerable: true });
  return request;
}

describe('hono with request.cf.tlsClientAuth', () => {
  const observer = createObserver();
  const appWith = (mtls: MtlsAuthOptions['binding']['mtls']) =>
    createMtlsHonoApp(
      { issuer: issuer.issuer, audience: issuer.audience, binding: { mtls } },
      observer,
    );
  let app: ReturnType<typeof appWith>;
  const send = async (request: Request) => answerOf(await app.fetch(request));

  beforeAll(() => {
    app = appWith({});
  });
  beforeEach(() => {
    observer.drain();
  });

  it('accepts a bound token with the fingerprint of its certificate', async () => {
    const cf = { tlsClientAuth: tlsClientAuth(client) };
    expect(await send(workersRequest(await bound(), cf))).toEqual(ACCEPTED);
    expect(observer.drain()).toEqual(HANDLED);
  });

  it('accepts the fingerprint in upper-case hex', async () => {
    const auth = tlsClientAuth(client);
    const upper = { ...auth, certFingerprintSHA256: auth.certFingerprintSHA256.toUpperCase() };
    expect(await send(workersRequest(await bound(), { tlsClientAuth: upper }))).toEqual(ACCEPTED);
    expect(observer.drain()).toEqual(HANDLED);
  });

  it.each([
    ['the fingerprint of another certificate', () => tlsClientAuth(other)],
    ['no certificate presented', () => tlsClientAuth()],
    [
      "certPresented '0' beside the right fingerprint",
      () => ({ ...tlsClientAuth(client), certPresented: '0' }),
    ],
    [
      'the fingerprint with colons',
      () => {
        const auth = tlsClientAuth(client);
        const colons = auth.certFingerprintSHA256.match(/../g)!.join(':');
        return { ...auth, certFingerprintSHA256: colons };
      },
    ],
    [
      'the SHA-1 fingerprint in place of SHA-256',
      () => {
        const auth = tlsClientAuth(client);
        return { ...auth, certFingerprintSHA256: auth.certFingerprintSHA1 };
      },
    ],
  ])('refuses a bound token with %s', async (_, auth) => {
    expect(await send(workersRequest(await bound(), { tlsClientAuth: auth() }))).toEqual(MISMATCH);
    expect(observer.drain()).toEqual(REFUSED);
  });

  it('refuses a bound token on a request without cf', async () => {
    expect(await send(workersRequest(await bound()))).toEqual(MISMATCH);
    expect(observer.drain()).toEqual(REFUSED);
  });

  it('reads only the header when certificateHeader is set, not cf', async () => {
    const headerApp = appWith({ certificateHeader: 'client-cert' });
    const cf = { tlsClientAuth: tlsClientAuth(client) };
    const header = { 'client-cert': `:${Buffer.from(client.der).toString('base64')}:` };
    const answers = [
      await answerOf(await headerApp.fetch(workersRequest(await bound(), cf))),
      await answerOf(await headerApp.fetch(workersRequest(await bound(), cf, header))),
    ];
    expect(answers).toEqual([MISMATCH, ACCEPTED]);
    expect(observer.drain()).toEqual({ handled: 1, codes: ['ERR_CERTIFICATE_MISMATCH'] });
  });
});

const ENTRY = fileURLToPath(new URL('./workerd-entry.ts', import.meta.url));
const LAUNCHER = fileURLToPath(new URL('../edge/miniflare-launcher.ts', import.meta.url));

describe('hono in workerd (miniflare)', () => {
  let dir: string | undefined;
  let worker: ChildServer | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jwt-guard-mtls-'));
    const script = join(dir, 'worker.js');
    await build({ ...EDGE_BUILD_OPTIONS, entryPoints: [ENTRY], outfile: script });
    const { NODE_OPTIONS: _dropped, ...env } = process.env;
    worker = await startChildServer(
      node22Binary(),
      [
        LAUNCHER,
        ...['--script', script, '--compatibility-date', '2026-07-01'],
        ...['--var', `ISSUER=${issuer.issuer}`, '--var', `AUDIENCE=${issuer.audience}`],
      ],
      // Miniflare's temporary files go where afterAll removes them.
      { cwd: dir, env: { ...env, TMPDIR: dir, DO_NOT_TRACK: '1' } },
    );
  });
  afterAll(async () => {
    await worker?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('checks a bound token against cf.tlsClientAuth', async () => {
    // Miniflare's entry worker turns an `MF-CF-Blob` header (JSON) into the request's `cf`,
    // as Cloudflare's edge fills it from the TLS handshake.
    const cfHeader = (certificate?: TestCertificate) => ({
      'MF-CF-Blob': JSON.stringify({ tlsClientAuth: tlsClientAuth(certificate) }),
    });
    const token = await bound();
    const answers = [
      await call(worker!.base, { token, headers: cfHeader(client) }),
      await call(worker!.base, { token, headers: cfHeader(other) }),
      await call(worker!.base, { token, headers: cfHeader() }),
    ];
    expect(answers).toEqual([ACCEPTED, MISMATCH, MISMATCH]);
  });
});
