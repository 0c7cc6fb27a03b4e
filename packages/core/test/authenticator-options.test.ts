/**
 * A shared `verifier`, or the verifier's own options, never both (issue 19 §2.7): the type
 * is a union, and giving both is a TypeError at creation naming what would be ignored. The
 * request side's options come in groups (`token`, `challenge`, `binding`), each checked at
 * creation by its path.
 */
import {
  createDpopProof,
  createTestIssuer,
  generateDpopKey,
  type TestIssuer,
} from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { AuthenticatorOptions } from '../src/adapter.js';
import { createAuthenticator } from '../src/authenticator.js';
import {
  createVerifier,
  type OwnVerifierOptions,
  type SharedVerifierOptions,
} from '../src/index.js';
import { createHandshakeAuthenticator, type HandshakeAuthOptions } from '../src/realtime/index.js';
import { createMemoryStore } from '../src/store/index.js';
import type { TokenSources } from '../src/token/extract-token.js';
import { codeOf } from './outcome.js';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['ES256'] });
});
afterAll(() => issuer.close());

const read = (authorization: string) => ({ authorization });

describe('AuthenticatorOptions', () => {
  it('is the verifier options, or a verifier with the request side only', () => {
    const verifier = createVerifier({ issuer: 'https://id.example.com/', audience: 'api' });
    expectTypeOf({ verifier }).toExtend<AuthenticatorOptions>();
    expectTypeOf({
      verifier,
      challenge: { realm: 'r' },
      binding: { dpop: {} },
    }).toExtend<SharedVerifierOptions>();
    expectTypeOf({
      issuer: 'https://id.example.com/',
      audience: 'api',
    }).toExtend<OwnVerifierOptions>();
    expectTypeOf({ verifier, audience: 'api' }).not.toExtend<AuthenticatorOptions>();
    expectTypeOf({ verifier, jwks: {} }).not.toExtend<AuthenticatorOptions>();
    expectTypeOf({ audience: 'api' }).not.toExtend<AuthenticatorOptions>();
    expectTypeOf({ verifier, token: { fromProtocol: true } }).toExtend<HandshakeAuthOptions>();
    expectTypeOf({ verifier, issuer: 'x' }).not.toExtend<HandshakeAuthOptions>();
  });

  it('refuses a verifier beside any option of the verifier, naming each', () => {
    const verifier = createVerifier({ issuer: issuer.issuer, audience: issuer.audience });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ issuer: issuer.issuer }, '"issuer"'],
      [{ audience: null }, '"audience"'],
      [{ claims: { tid: 'a' }, maxTokenAge: 60 }, '"claims", "maxTokenAge"'],
      [{ events: () => undefined }, '"events"'],
      [{ nodeCrypto: false, cache: false }, '"cache", "nodeCrypto"'],
    ];
    for (const [extra, named] of cases) {
      const options = { verifier, ...extra } as unknown as AuthenticatorOptions<string>;
      expect(() => createAuthenticator(options, read)).toThrow(TypeError);
      expect(() => createAuthenticator(options, read)).toThrow(
        `jwt-guard: option "verifier" cannot be given with ${named}:`,
      );
      expect(() =>
        createHandshakeAuthenticator(options as unknown as HandshakeAuthOptions),
      ).toThrow(TypeError);
    }
  });

  it('refuses each verifier option, and none of the request side, beside a verifier', () => {
    const verifier = createVerifier({ issuer: issuer.issuer, audience: issuer.audience });
    for (const name of [
      'issuer',
      'maxIssuers',
      'claims',
      'profile',
      'decryption',
      'audience',
      'jwksUri',
      'secret',
      'algorithms',
      'clockTolerance',
      'maxTokenAge',
      'requireAtJwt',
      'maxTokenBytes',
      'jwks',
      'cache',
      'isRevoked',
      'nodeCrypto',
      'keySource',
      'events',
      'fetch',
      'now',
    ]) {
      const options = { verifier, [name]: 1 } as unknown as AuthenticatorOptions<string>;
      expect(() => createAuthenticator(options, read), name).toThrow(
        `jwt-guard: option "verifier" cannot be given with "${name}":`,
      );
    }
    const requestSide = {
      verifier,
      challenge: { realm: 'r' },
      credentialsRequired: false,
      token: { fromQuery: true, fromFormBody: true, fromCookie: 'at' },
      rolesClaim: 'groups',
      scopesClaim: 'scp',
      binding: { dpop: undefined, mtls: undefined, publicOrigin: undefined },
    };
    expect(createAuthenticator(requestSide, read).verifier).toBe(verifier);
  });

  it("uses the shared verifier (its keys and cache) with the request side's options", async () => {
    const verifier = createVerifier({ issuer: issuer.issuer, audience: issuer.audience });
    const auth = createAuthenticator<string>(
      { verifier, challenge: { realm: 'shop' }, rolesClaim: 'groups' },
      read,
    );
    expect(auth.verifier).toBe(verifier);
    const token = await issuer.mint();
    expect((await auth.authenticate(`Bearer ${token}`))?.payload.iss).toBe(issuer.issuer);
    await expect(auth.authenticate('Basic x')).rejects.toMatchObject({
      code: 'ERR_NO_TOKEN',
      headers: { 'WWW-Authenticate': 'Bearer realm="shop"' },
    });
  });
});

describe('the groups of the request side', () => {
  const own = () => ({ issuer: issuer.issuer, audience: issuer.audience });

  it('types token, challenge and binding as groups, and a shared store with the verifier only', () => {
    const verifier = createVerifier({ issuer: 'https://id.example.com/', audience: 'api' });
    expectTypeOf({
      ...own(),
      token: { fromQuery: true, fromFormBody: true, fromCookie: 'at', get: () => undefined },
      challenge: { realm: 'shop', resourceMetadata: 'https://api.example.com/.well-known/x' },
      binding: { dpop: { required: true }, mtls: {}, publicOrigin: 'https://api.example.com' },
    }).toExtend<OwnVerifierOptions>();
    expectTypeOf({ verifier, store: createMemoryStore() }).not.toExtend<AuthenticatorOptions>();
    const flat: OwnVerifierOptions = {
      issuer: 'https://id.example.com/',
      audience: 'api',
      // @ts-expect-error: a flat name of before the groups is no option
      tokenFromQuery: true,
    };
    expect(flat.token).toBeUndefined();
    expectTypeOf({ ...own(), token: { fromQuery: 'yes' } }).not.toExtend<OwnVerifierOptions>();
    expectTypeOf({ verifier, token: { fromCookie: 'at' } }).not.toExtend<HandshakeAuthOptions>();
  });

  it('refuses a shared store beside a verifier, naming it', () => {
    const verifier = createVerifier({ issuer: issuer.issuer, audience: issuer.audience });
    const options = { verifier, store: createMemoryStore() } as unknown as AuthenticatorOptions;
    expect(() => createAuthenticator(options, read)).toThrow(TypeError);
    expect(() => createAuthenticator(options, read)).toThrow(
      'option "verifier" cannot be given with "store"',
    );
  });

  it('refuses each flat name of before the groups, naming its new path', () => {
    const moved: Array<[string, unknown, string]> = [
      ['tokenFromQuery', true, 'token.fromQuery'],
      ['tokenFromFormBody', true, 'token.fromFormBody'],
      ['tokenFromCookie', 'at', 'token.fromCookie'],
      ['getToken', () => undefined, 'token.get'],
      ['realm', 'shop', 'challenge.realm'],
      ['resourceMetadata', 'https://api.example.com/m', 'challenge.resourceMetadata'],
      ['dpop', {}, 'binding.dpop'],
      ['mtls', {}, 'binding.mtls'],
      ['publicOrigin', 'https://api.example.com', 'binding.publicOrigin'],
    ];
    for (const [name, value, path] of moved) {
      const options = { ...own(), [name]: value } as unknown as AuthenticatorOptions<string>;
      expect(() => createAuthenticator(options, read), name).toThrow(TypeError);
      expect(() => createAuthenticator(options, read), name).toThrow(
        `jwt-guard: option "${name}" is now "${path}"`,
      );
    }
    const handshake = { ...own(), tokenFromProtocol: true } as unknown as HandshakeAuthOptions;
    expect(() => createHandshakeAuthenticator(handshake)).toThrow(
      'jwt-guard: option "tokenFromProtocol" is now "token.fromProtocol"',
    );
  });

  it('refuses a group that is no object, an unknown member, and a member of the wrong type, naming its path', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ token: true }, '"token" must be an object'],
      [{ challenge: ['shop'] }, '"challenge" must be an object'],
      [{ binding: null }, '"binding" must be an object'],
      [{ token: { fromQeury: true } }, '"token.fromQeury" is not a "token" option'],
      [{ challenge: { relam: 'x' } }, '"challenge.relam" is not a "challenge" option'],
      [{ binding: { dopp: {} } }, '"binding.dopp" is not a "binding" option'],
      [{ token: { fromQuery: 'true' } }, '"token.fromQuery" must be a boolean'],
      [{ token: { fromFormBody: 1 } }, '"token.fromFormBody" must be a boolean'],
      [{ token: { fromCookie: true } }, '"token.fromCookie" must be a cookie name'],
      [{ token: { get: 'header' } }, '"token.get" must be a function'],
      [{ binding: { dpop: { iatWindow: -1 } } }, '"binding.dpop.iatWindow"'],
      [{ binding: { mtls: { requried: true } } }, '"binding.mtls.requried"'],
      [{ binding: { publicOrigin: 'api.example.com' } }, '"binding.publicOrigin"'],
      [{ binding: { dpop: {}, publicOrigin: 'ftp://x' } }, '"binding.publicOrigin"'],
      [{ rolesClaim: 42 }, '"rolesClaim" must be a claim path or a function'],
      [{ scopesClaim: { path: 'scp' } }, '"scopesClaim" must be a claim path or a function'],
    ];
    for (const [extra, named] of cases) {
      const options = { ...own(), ...extra } as unknown as AuthenticatorOptions<string>;
      expect(() => createAuthenticator(options, read), named).toThrow(TypeError);
      expect(() => createAuthenticator(options, read), named).toThrow(`jwt-guard: option ${named}`);
    }
    const handshakes: Array<[unknown, string]> = [
      [{ fromCookie: 'at' }, '"token.fromCookie" is not a handshake token source'],
      [{ fromQuery: 1 }, '"token.fromQuery" must be a boolean'],
      ['query', '"token" must be an object'],
    ];
    for (const [token, named] of handshakes) {
      const options = { ...own(), token } as unknown as HandshakeAuthOptions;
      expect(() => createHandshakeAuthenticator(options), named).toThrow(
        `jwt-guard: option ${named}`,
      );
    }
  });

  it("keeps DPoP proofs' jtis in a shared verifier's store: a replay on one middleware is refused on another", async () => {
    const verifier = createVerifier({
      issuer: issuer.issuer,
      audience: issuer.audience,
      store: createMemoryStore(),
    });
    const [one, two] = [0, 1].map(() =>
      createAuthenticator<TokenSources>({ verifier, binding: { dpop: {} } }, (s) => s),
    );
    const key = await generateDpopKey();
    const token = await issuer.mint({ claims: { cnf: { jkt: key.jkt } } });
    const url = 'http://127.0.0.1/orders';
    const request = {
      authorization: `DPoP ${token}`,
      dpop: await createDpopProof(key, { method: 'GET', url, accessToken: token }),
      method: 'GET',
      address: { scheme: 'http', host: '127.0.0.1', target: '/orders' },
    };
    expect((await one?.authenticate(request))?.token).toBe(token);
    expect(await codeOf(two!.authenticate(request))).toBe('ERR_DPOP_PROOF_INVALID');
  });
});
