/**
 * DPoP-bound access tokens (RFC 9449) of a real OpenID Provider (panva's oidc-provider), on
 * every adapter over real HTTP: accepted with a valid proof, and every way a proof or the
 * scheme can be wrong refused with the challenge of RFC 9449 §7.1.
 */
import { ERROR_CODES, type ErrorCode } from '@jwt-guard/core';
import {
  createDpopProof,
  type DpopKey,
  type DpopProofOptions,
  generateDpopKey,
} from '@jwt-guard/testing';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../conformance/node-targets.js';
import { send } from '../conformance/send.js';
import type { HandlerCount } from './apps.js';
import { DPOP_API_TARGETS } from './dpop-apps.js';
import { type DpopProvider, startDpopProvider } from './dpop-provider.js';
import { RESOURCE, RESOURCE_SCOPES } from './provider.js';

const ALGS = 'ES256 ES384 ES512 RS256 RS384 RS512 PS256 PS384 PS512 EdDSA';
const BEARER = 'Bearer realm="api"';
const DPOP = `DPoP realm="api", algs="${ALGS}"`;

/**
 * The challenge of a refusal with `code` when both schemes are accepted: the error goes on
 * the challenge of the scheme the request used (RFC 9449 §7.1).
 */
const challenge = (code: ErrorCode, scheme: 'Bearer' | 'DPoP') => {
  const row = ERROR_CODES[code];
  const failure = `error="${row.oauthError}", error_description="${row.description}"`;
  return scheme === 'DPoP' ? `${BEARER}, ${DPOP}, ${failure}` : `${BEARER}, ${failure}, ${DPOP}`;
};

let op: DpopProvider;
let key: DpopKey;
let stranger: DpopKey;
// Two tokens bound to `key` (a proof for one is a proof for the wrong token), one unbound.
let bound: string;
let boundToo: string;
let unbound: string;

beforeAll(async () => {
  [op, key, stranger] = await Promise.all([
    startDpopProvider(),
    generateDpopKey(),
    generateDpopKey(),
  ]);
  const issued = await Promise.all([op.token(key), op.token(key), op.token()]);
  expect(issued.map((token) => token.tokenType)).toEqual(['DPoP', 'DPoP', 'Bearer']);
  [bound, boundToo, unbound] = issued.map((token) => token.accessToken) as [string, string, string];
});

afterAll(async () => {
  await op?.close();
});

it('oidc-provider binds a token requested with a proof to the proof key', () => {
  expect(decodeJwt(bound).cnf).toEqual({ jkt: key.jkt });
  expect(decodeJwt(unbound).cnf).toBeUndefined();
});

for (const [name, build] of DPOP_API_TARGETS) {
  describe(`${name}: DPoP-bound tokens of a real OpenID Provider`, () => {
    const count: HandlerCount = { handled: 0 };
    const servers: Awaited<ReturnType<typeof listen>>[] = [];
    let beside: string;
    let required: string;
    let nonces: string;

    beforeAll(async () => {
      const options = { issuer: op.issuer, audience: RESOURCE };
      servers.push(
        ...(await Promise.all([
          listen(build({ ...options, binding: { dpop: {} } }, count)),
          listen(build({ ...options, binding: { dpop: { required: true } } }, count)),
          listen(build({ ...options, binding: { dpop: { nonce: true } } }, count)),
        ])),
      );
      [beside, required, nonces] = servers.map((server) => server.base) as [string, string, string];
    });

    afterAll(async () => {
      await Promise.all(servers.map((server) => server.stop()));
    });

    /** A proof for `GET <base>/orders` with `bound`, by `key`, changed by `changes`. */
    const proof = (base: string, changes: Partial<DpopProofOptions> = {}, signer = key) =>
      createDpopProof(signer, {
        method: 'GET',
        url: `${base}/orders`,
        accessToken: bound,
        ...changes,
      });

    const call = (base: string, headers: [string, string][]) =>
      send(base, { path: '/orders', headers });

    const withDpop = (token: string, ...proofs: string[]): [string, string][] => [
      ['authorization', `DPoP ${token}`],
      ...proofs.map((value): [string, string] => ['dpop', value]),
    ];

    /** Sends `headers` and expects a 401 with `wwwAuthenticate` that no handler saw. */
    const expectRefused = async (
      base: string,
      headers: [string, string][],
      wwwAuthenticate: string,
      body: string,
    ) => {
      const before = count.handled;
      const res = await call(base, headers);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe(wwwAuthenticate);
      expect(res.body).toBe(body);
      expect(count.handled).toBe(before);
      return res;
    };

    const expectClaims = async (base: string, headers: [string, string][], cnf: unknown) => {
      const res = await call(base, headers);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toEqual({
        iss: op.issuer,
        sub: 'orders-worker',
        aud: RESOURCE,
        scope: RESOURCE_SCOPES,
        ...(cnf === undefined ? {} : { cnf }),
      });
    };

    it('accepts the bound token with a valid proof: the claims carry cnf.jkt', async () => {
      await expectClaims(beside, withDpop(bound, await proof(beside)), { jkt: key.jkt });
    });

    it('accepts an unbound token of the same provider as Bearer beside DPoP', async () => {
      await expectClaims(beside, [['authorization', `Bearer ${unbound}`]], undefined);
    });

    it('challenges a request without credentials for both schemes', async () => {
      await expectRefused(
        beside,
        [],
        'Bearer realm="api", DPoP realm="api", algs="ES256 ES384 ES512 RS256 RS384 RS512 PS256 PS384 PS512 EdDSA"',
        ERROR_CODES.ERR_NO_TOKEN.description,
      );
    });

    it('refuses a replayed proof', async () => {
      const headers = withDpop(bound, await proof(beside));
      expect((await call(beside, headers)).status).toBe(200);
      await expectRefused(
        beside,
        headers,
        'Bearer realm="api", DPoP realm="api", algs="ES256 ES384 ES512 RS256 RS384 RS512 PS256 PS384 PS512 EdDSA", error="invalid_dpop_proof", error_description="The DPoP proof is invalid"',
        'The DPoP proof is invalid',
      );
    });

    const wrongProofs: [string, (base: string) => Promise<string>, ErrorCode][] = [
      [
        'an htu of another path',
        (base) => proof(base, { url: `${base}/admin` }),
        'ERR_DPOP_PROOF_INVALID',
      ],
      [
        'an htu of another origin',
        (base) => proof(base, { url: `${base.replace('127.0.0.1', 'localhost')}/orders` }),
        'ERR_DPOP_PROOF_INVALID',
      ],
      [
        'an htm of another method',
        (base) => proof(base, { method: 'POST' }),
        'ERR_DPOP_PROOF_INVALID',
      ],
      [
        'an ath of another token',
        (base) => proof(base, { accessToken: boundToo }),
        'ERR_DPOP_PROOF_INVALID',
      ],
      ['typ jwt', (base) => proof(base, { header: { typ: 'jwt' } }), 'ERR_DPOP_PROOF_INVALID'],
      [
        'an iat ten minutes old',
        (base) => proof(base, { iat: Math.floor(Date.now() / 1000) - 600 }),
        'ERR_DPOP_PROOF_INVALID',
      ],
      [
        'the signature of another key',
        (base) => proof(base, {}, stranger),
        'ERR_DPOP_BINDING_MISMATCH',
      ],
    ];
    it.each(wrongProofs)('refuses a proof with %s', async (_, make, code) => {
      await expectRefused(
        beside,
        withDpop(bound, await make(beside)),
        challenge(code, 'DPoP'),
        ERROR_CODES[code].description,
      );
    });

    it('refuses the bound token sent as Bearer, on the Bearer challenge', async () => {
      await expectRefused(
        beside,
        [['authorization', `Bearer ${bound}`]],
        challenge('ERR_DPOP_BOUND_AS_BEARER', 'Bearer'),
        ERROR_CODES.ERR_DPOP_BOUND_AS_BEARER.description,
      );
    });

    it('refuses the DPoP scheme without a DPoP header', async () => {
      await expectRefused(
        beside,
        withDpop(bound),
        challenge('ERR_DPOP_PROOF_INVALID', 'DPoP'),
        ERROR_CODES.ERR_DPOP_PROOF_INVALID.description,
      );
    });

    it('refuses two DPoP headers, each a valid proof', async () => {
      await expectRefused(
        beside,
        withDpop(bound, await proof(beside), await proof(beside)),
        challenge('ERR_DPOP_PROOF_INVALID', 'DPoP'),
        ERROR_CODES.ERR_DPOP_PROOF_INVALID.description,
      );
    });

    describe('with DPoP required', () => {
      it('accepts the bound token with a valid proof', async () => {
        await expectClaims(required, withDpop(bound, await proof(required)), { jkt: key.jkt });
      });

      it.each([
        ['an unbound token', () => unbound],
        ['the bound token', () => bound],
      ])('answers %s sent as Bearer with the DPoP challenge alone', async (_, token) => {
        await expectRefused(
          required,
          [['authorization', `Bearer ${token()}`]],
          DPOP,
          ERROR_CODES.ERR_NO_TOKEN.description,
        );
      });
    });

    describe('with server nonces', () => {
      it('asks for a nonce, then accepts a proof that carries it', async () => {
        const res = await expectRefused(
          nonces,
          withDpop(bound, await proof(nonces)),
          challenge('ERR_DPOP_NONCE_REQUIRED', 'DPoP'),
          ERROR_CODES.ERR_DPOP_NONCE_REQUIRED.description,
        );
        const nonce = res.headers['dpop-nonce'];
        expect(nonce).toMatch(/^[A-Za-z0-9_-]+$/);
        await expectClaims(nonces, withDpop(bound, await proof(nonces, { nonce })), {
          jkt: key.jkt,
        });
      });
    });
  });
}
