/**
 * A shared `verifier`, or the verifier's own options, never both (issue 19 §2.7): the type
 * is a union, and giving both is a TypeError at creation naming what would be ignored.
 */
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { type AuthenticatorOptions, createAuthenticator } from '../src/adapter.js';
import {
  createHandshakeAuthenticator,
  createVerifier,
  type HandshakeAuthOptions,
  type OwnVerifierOptions,
  type SharedVerifierOptions,
} from '../src/index.js';

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
      realm: 'r',
      dpop: {},
      store: undefined,
    }).toExtend<SharedVerifierOptions>();
    expectTypeOf({
      issuer: 'https://id.example.com/',
      audience: 'api',
    }).toExtend<OwnVerifierOptions>();
    expectTypeOf({ verifier, audience: 'api' }).not.toExtend<AuthenticatorOptions>();
    expectTypeOf({ verifier, jwks: {} }).not.toExtend<AuthenticatorOptions>();
    expectTypeOf({ audience: 'api' }).not.toExtend<AuthenticatorOptions>();
    expectTypeOf({ verifier, tokenFromProtocol: true }).toExtend<HandshakeAuthOptions>();
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
      realm: 'r',
      credentialsRequired: false,
      tokenFromQuery: true,
      tokenFromFormBody: true,
      tokenFromCookie: 'at',
      rolesClaim: 'groups',
      scopesClaim: 'scp',
      store: undefined,
      dpop: undefined,
      mtls: undefined,
      publicOrigin: undefined,
    };
    expect(createAuthenticator(requestSide, read).verifier).toBe(verifier);
  });

  it("uses the shared verifier (its keys and cache) with the request side's options", async () => {
    const verifier = createVerifier({ issuer: issuer.issuer, audience: issuer.audience });
    const auth = createAuthenticator<string>(
      { verifier, realm: 'shop', rolesClaim: 'groups', store: undefined },
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
