/**
 * DPoP through the authenticator: the URL a proof is compared with (a Host that is no
 * authority is refused with 400 before any comparison, the path is the target's, and
 * `publicOrigin` makes the Host irrelevant), and the rule behind each refusal, told to the
 * server's events while the client's answer stays the same.
 */
import {
  createDpopProof,
  createTestIssuer,
  type DpopKey,
  generateDpopKey,
  type TestIssuer,
} from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../src/authenticator.js';
import { InvalidRequestError, type JwtGuardError } from '../../src/errors/jwt-guard-error.js';
import type { JwtGuardEvent } from '../../src/index.js';
import { type BindingOptions, createSenderBinding } from '../../src/sender-binding.js';
import type { TokenSources } from '../../src/token/extract-token.js';
import { codeOf } from '../outcome.js';

let issuer: TestIssuer;
let key: DpopKey;
let token: string;
beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['ES256'] });
  key = await generateDpopKey();
  token = await issuer.mint({ claims: { cnf: { jkt: key.jkt } } });
});
afterAll(() => issuer.close());

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('accepted'),
    (error: unknown) => error as JwtGuardError,
  );
const authenticatorWith = ({ dpop = {}, publicOrigin, ...options }: Record<string, unknown> = {}) =>
  createAuthenticator<TokenSources>(
    {
      issuer: issuer.issuer,
      audience: issuer.audience,
      binding: { dpop, publicOrigin } as BindingOptions,
      ...options,
    },
    (sources) => sources,
  );
const dpopRequest = async (
  htu: string,
  address: TokenSources['address'],
  proof: Partial<Parameters<typeof createDpopProof>[1]> = {},
): Promise<TokenSources> => ({
  authorization: `DPoP ${token}`,
  dpop: await createDpopProof(key, { method: 'GET', url: htu, accessToken: token, ...proof }),
  method: 'GET',
  address,
});

describe('the URL a DPoP proof is compared with', () => {
  it.each([
    'api.example.com?',
    'api.example.com#',
    'api.example.com/public',
    'attacker@api.example.com',
    'api.example.com:99999',
    '',
  ])('refuses Host %j with 400 invalid_request, before looking at the proof', async (host) => {
    const authenticator = authenticatorWith();
    const sent = await dpopRequest('http://api.example.com/', {
      scheme: 'http',
      host,
      target: '/',
    });
    const error = await failure(authenticator.authenticate(sent));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ code: 'ERR_REQUEST_URL_INVALID', status: 400, scheme: 'DPoP' });
    expect(error.headers['WWW-Authenticate']).toMatch(/^Bearer realm="api", DPoP realm="api", /);
    expect(error.headers['WWW-Authenticate']).toContain(
      'error="invalid_request", error_description="The Host header or request target is invalid"',
    );
    // The proof was not used up: the same proof, with a valid Host, is accepted.
    const fine = { ...sent, address: { scheme: 'http', host: 'api.example.com', target: '/' } };
    expect((await authenticator.authenticate(fine))?.token).toBe(token);
  });

  it('compares the path of the request target, never one taken from Host', async () => {
    const authenticator = authenticatorWith();
    const address = { scheme: 'http', host: 'api.example.com', target: '/X' };
    for (const htu of ['http://api.example.com/public/X', 'https://other.example.com/X']) {
      const error = await failure(authenticator.authenticate(await dpopRequest(htu, address)));
      expect(error).toMatchObject({ code: 'ERR_DPOP_PROOF_INVALID', dpopReason: 'htu' });
    }
    const good = await dpopRequest('http://api.example.com/X', address);
    expect((await authenticator.authenticate(good))?.token).toBe(token);
  });

  it('with publicOrigin, ignores Host entirely', async () => {
    const authenticator = authenticatorWith({ publicOrigin: 'https://api.example.com' });
    for (const host of ['api.example.com?', 'api.example.com/public', undefined]) {
      const address = { scheme: 'http', host, target: '/X?page=2' };
      const sent = await dpopRequest('https://api.example.com/X', address);
      expect((await authenticator.authenticate(sent))?.token).toBe(token);
      const viaHost = await dpopRequest('https://api.example.com/public/X', address);
      expect(await failure(authenticator.authenticate(viaHost))).toMatchObject({
        code: 'ERR_DPOP_PROOF_INVALID',
        dpopReason: 'htu',
      });
    }
  });

  it('refuses a DPoP request without an address or a method', async () => {
    const authenticator = authenticatorWith();
    const sent = await dpopRequest('http://api.example.com/', undefined);
    expect(await failure(authenticator.authenticate(sent))).toMatchObject({
      code: 'ERR_REQUEST_URL_INVALID',
    });
    const address = { scheme: 'http', host: 'api.example.com', target: '/' };
    const noMethod = {
      ...(await dpopRequest('http://api.example.com/', address)),
      method: undefined,
    };
    expect(await failure(authenticator.authenticate(noMethod))).toMatchObject({
      code: 'ERR_DPOP_PROOF_INVALID',
      dpopReason: 'htm',
    });
  });

  it('refuses the DPoP scheme where the binding has no DPoP configured', async () => {
    const binding = createSenderBinding({ mtls: {} });
    const address = { scheme: 'http', host: 'api.example.com', target: '/' };
    const sources = await dpopRequest('http://api.example.com/', address);
    const error = await failure(
      binding.check({ cnf: { jkt: key.jkt } }, token, 'DPoP', sources, Date.now()) as Promise<void>,
    );
    expect(error).toMatchObject({ code: 'ERR_DPOP_PROOF_INVALID', dpopReason: 'malformed' });
  });
});

describe('the rule behind a DPoP refusal', () => {
  // A token that verifies is reported accepted before its proof is checked.
  const refusals = (events: JwtGuardEvent[]) =>
    events.filter((event) => event.type === 'token-refused');
  const address = { scheme: 'http', host: 'api.example.com', target: '/orders' };
  const htu = 'http://api.example.com/orders';

  it('is in the server event, while the client gets the same answer for every rule', async () => {
    const events: JwtGuardEvent[] = [];
    const authenticator = authenticatorWith({
      dpop: { algorithms: ['ES256'] },
      events: (event: JwtGuardEvent) => events.push(event),
    });
    const [stranger, es384] = await Promise.all([generateDpopKey(), generateDpopKey('ES384')]);
    const replayed = await dpopRequest(htu, address);
    await authenticator.authenticate(replayed);
    const now = Math.floor(Date.now() / 1000);
    const bySigner = async (signer: DpopKey, header: Record<string, unknown> = {}) => ({
      ...(await dpopRequest(htu, address)),
      dpop: await createDpopProof(signer, {
        method: 'GET',
        url: htu,
        accessToken: token,
        header: { jwk: key.publicJwk, ...header },
      }),
    });
    const cases: [string, TokenSources][] = [
      ['replay', replayed],
      ['htu', await dpopRequest('http://api.example.com/other', address)],
      ['htm', await dpopRequest(htu, address, { method: 'POST' })],
      ['iat', await dpopRequest(htu, address, { iat: now - 600 })],
      ['ath', await dpopRequest(htu, address, { accessToken: `${token}x` })],
      ['typ', await dpopRequest(htu, address, { header: { typ: 'JWT' } })],
      ['alg', await bySigner(es384, { jwk: es384.publicJwk })],
      ['signature', await bySigner(stranger)],
      ['jwk', await dpopRequest(htu, address, { header: { jwk: { kty: 'EC' } } })],
      ['jti', await dpopRequest(htu, address, { claims: { jti: '' } })],
      ['malformed', { ...(await dpopRequest(htu, address)), dpop: [] }],
    ];
    const answers = new Set<string>();
    for (const [reason, sent] of cases) {
      events.length = 0;
      const error = await failure(authenticator.authenticate(sent));
      expect(error.code, reason).toBe('ERR_DPOP_PROOF_INVALID');
      expect(refusals(events), reason).toEqual([
        { type: 'token-refused', code: 'ERR_DPOP_PROOF_INVALID', status: 401, dpopReason: reason },
      ]);
      answers.add(JSON.stringify([error.status, error.message, error.headers]));
      const printed = JSON.stringify(events);
      expect(printed).not.toContain(token.split('.')[1]);
    }
    expect(answers.size).toBe(1);
  });

  it('is nonce for a proof without the server nonce, and the answer carries a fresh one', async () => {
    const events: JwtGuardEvent[] = [];
    const authenticator = authenticatorWith({
      dpop: { nonce: true },
      events: (event: JwtGuardEvent) => events.push(event),
    });
    const error = await failure(authenticator.authenticate(await dpopRequest(htu, address)));
    expect(error).toMatchObject({ code: 'ERR_DPOP_NONCE_REQUIRED', dpopReason: 'nonce' });
    expect(error.headers['DPoP-Nonce']).toMatch(/^[A-Za-z0-9_-]{54}$/);
    expect(refusals(events)).toEqual([
      { type: 'token-refused', code: 'ERR_DPOP_NONCE_REQUIRED', status: 401, dpopReason: 'nonce' },
    ]);
  });
});

describe('dpop: { required: true }', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer({ algorithms: ['ES256'] });
  });
  afterAll(() => issuer.close());

  it('refuses a token sent any way but Authorization: DPoP', async () => {
    const base = {
      issuer: issuer.issuer,
      audience: issuer.audience,
      binding: { dpop: { required: true } },
    };
    const token = await issuer.mint();
    const fromCookie = createAuthenticator<TokenSources>(
      { ...base, token: { fromCookie: 'at' } },
      (s) => s,
    );
    expect(await codeOf(fromCookie.authenticate({ cookie: `at=${token}` }))).toBe('ERR_NO_TOKEN');
    const fromQuery = createAuthenticator<TokenSources>(
      { ...base, token: { fromQuery: true } },
      (s) => s,
    );
    expect(await codeOf(fromQuery.authenticate({ query: `/x?access_token=${token}` }))).toBe(
      'ERR_NO_TOKEN',
    );
    const custom = createAuthenticator<TokenSources>(
      { ...base, token: { get: () => token } },
      (s) => s,
    );
    const refused = await custom.authenticate({}).catch((error: unknown) => error);
    expect(refused).toMatchObject({
      code: 'ERR_NO_TOKEN',
      headers: { 'WWW-Authenticate': expect.stringMatching(/^DPoP realm="api", algs="/) },
    });
  });
});
