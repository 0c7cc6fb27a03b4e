/** The DPoP proof check (RFC 9449 §4.3): accepted proofs, and each refusal by its code. */
import { base64url, exportJWK, generateKeyPair, generateSecret } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createDpopProofVerifier,
  type DpopOptions,
  resolveDpopOptions,
} from '../../src/dpop/index.js';
import {
  athOf,
  type ClientKey,
  clientKey,
  expectCode,
  proof,
  proofClaims,
  proofHeader,
  proofRequest as request,
  sign,
  signByHand,
  TOKEN,
} from './proof-kit.js';

const INVALID = 'ERR_DPOP_PROOF_INVALID';
const verifierOf = (options: DpopOptions = {}) =>
  createDpopProofVerifier(resolveDpopOptions(options));

let es256: ClientKey;
let other: ClientKey;
beforeAll(async () => {
  [es256, other] = await Promise.all([clientKey('ES256'), clientKey('ES256')]);
});

describe('accepted proofs', () => {
  it.each(['ES256', 'RS256', 'PS256', 'EdDSA'])(
    'accepts a %s proof and returns its thumbprint',
    async (alg) => {
      const key = await clientKey(alg);
      const now = Date.now();
      const text = await proof(key, now, { jti: `one-${alg}` });
      await expect(verifierOf()(request(text, now))).resolves.toEqual({
        jkt: key.jkt,
        jti: `one-${alg}`,
        iat: Math.floor(now / 1000),
      });
    },
  );

  it('accepts typ in any case and with the application/ prefix', async () => {
    const now = Date.now();
    const verify = verifierOf();
    for (const typ of ['DPoP+JWT', 'application/dpop+jwt', 'Application/DPOP+jwt']) {
      const text = await sign({ ...proofHeader(es256), typ }, await proofClaims(now), es256);
      await expect(verify(request(text, now))).resolves.toMatchObject({ jkt: es256.jkt });
    }
  });

  it('matches htu after normalization and ignores the query of both', async () => {
    const now = Date.now();
    const text = await proof(es256, now, { htu: 'HTTPS://API.example.com:443/resource?a=1' });
    const input = { ...request(text, now), url: 'https://api.example.com/resource?b=2#f' };
    await expect(verifierOf()(input)).resolves.toMatchObject({ jkt: es256.jkt });
  });

  it('needs no ath without an access token, and accepts the window boundaries', async () => {
    const now = 1_700_000_000_000;
    const verify = verifierOf({ iatWindow: 60, clockTolerance: 5 });
    const noToken = { ...request(await proof(es256, now, { ath: undefined }), now) };
    delete (noToken as { accessToken?: string }).accessToken;
    await expect(verify(noToken)).resolves.toBeDefined();
    for (const iat of [now / 1000 - 60, now / 1000 + 5]) {
      await expect(verify(request(await proof(es256, now, { iat }), now))).resolves.toBeDefined();
    }
  });
});

describe('refused proofs: ERR_DPOP_PROOF_INVALID', () => {
  it('refuses what is not one compact JWS in canonical base64url', async () => {
    const now = Date.now();
    const good = await proof(es256, now);
    const [h, p, s] = good.split('.');
    const shapes = [
      '',
      'not-a-jwt',
      `${h}.${p}`,
      `${h}.${p}.${s}.extra`,
      `${h}.${p}.`,
      `${h}=.${p}.${s}`,
      `${h}.${p}.${s}=`,
      ` ${good}`,
      JSON.stringify({ protected: h, payload: p, signature: s }),
      `${h}.${'A'.repeat(9000)}.${s}`,
    ];
    for (const shape of shapes) {
      await expectCode(verifierOf()(request(shape, now)), INVALID, shape, 'malformed');
    }
  });

  it('refuses a typ other than dpop+jwt', async () => {
    const now = Date.now();
    for (const typ of [
      'JWT',
      'at+jwt',
      'dpop+jwt ',
      'application/jwt',
      'x/dpop+jwt',
      7,
      undefined,
    ]) {
      const text = await sign({ ...proofHeader(es256), typ }, await proofClaims(now), es256);
      await expectCode(verifierOf()(request(text, now)), INVALID, text, 'typ');
    }
  });

  it('refuses alg none, HMAC, and algorithms outside the allowlist', async () => {
    const now = Date.now();
    const claims = base64url.encode(JSON.stringify(await proofClaims(now)));
    for (const alg of ['none', 'None']) {
      const header = base64url.encode(JSON.stringify({ ...proofHeader(es256), alg }));
      await expectCode(verifierOf()(request(`${header}.${claims}.`, now)), INVALID);
      await expectCode(verifierOf()(request(`${header}.${claims}.c2ln`, now)), INVALID);
    }
    const secret = await generateSecret('HS256', { extractable: true });
    const hmacKey = { alg: 'HS256', privateKey: secret, jwk: await exportJWK(secret), jkt: '' };
    const hs = await sign(
      { typ: 'dpop+jwt', alg: 'HS256', jwk: { kty: 'oct' } },
      await proofClaims(now),
      hmacKey as unknown as ClientKey,
    );
    await expectCode(verifierOf()(request(hs, now)), INVALID, hs, 'alg');
    const es384 = await clientKey('ES384');
    const text = await proof(es384, now);
    await expectCode(
      verifierOf({ algorithms: ['ES256'] })(request(text, now)),
      INVALID,
      text,
      'alg',
    );
  });

  it('refuses an alg that does not fit the embedded key', async () => {
    const now = Date.now();
    // ES384 over a P-256 key, signed by hand: jose would not sign it.
    const text = await signByHand(
      { ...proofHeader(es256), alg: 'ES384' },
      await proofClaims(now),
      es256,
      { name: 'ECDSA', hash: 'SHA-384' },
    );
    await expectCode(verifierOf()(request(text, now)), INVALID, text, 'jwk');
  });

  it('refuses a missing jwk, a non-object one, and one with private or misused members', async () => {
    const now = Date.now();
    const rsa = await generateKeyPair('RS256', { extractable: true });
    const rsaPrivate = await exportJWK(rsa.privateKey);
    const rsaKey: ClientKey = {
      alg: 'RS256',
      privateKey: rsa.privateKey,
      jwk: await exportJWK(rsa.publicKey),
      jkt: '',
    };
    const ecPrivate = await exportJWK(es256.privateKey);
    const cases: [ClientKey, unknown, 'jwk' | 'signature'][] = [
      [es256, undefined, 'jwk'],
      [es256, 'jwk', 'jwk'],
      [es256, [es256.jwk], 'jwk'],
      [es256, { ...es256.jwk, kty: undefined }, 'jwk'],
      [es256, ecPrivate, 'jwk'],
      [es256, { ...es256.jwk, k: 'AAAA' }, 'jwk'],
      [rsaKey, rsaPrivate, 'jwk'],
      // p, q and the CRT members without d: WebCrypto alone would import a public key.
      [rsaKey, { ...rsaKey.jwk, p: rsaPrivate.p, q: rsaPrivate.q, dp: rsaPrivate.dp }, 'jwk'],
      [rsaKey, { ...rsaKey.jwk, oth: [] }, 'jwk'],
      [es256, { ...es256.jwk, use: 'enc' }, 'jwk'],
      [es256, { ...es256.jwk, alg: 'ES384' }, 'jwk'],
      [es256, { ...es256.jwk, key_ops: ['sign'] }, 'jwk'],
      [es256, other.jwk, 'signature'],
    ];
    for (const [signer, jwk, reason] of cases) {
      const text = await sign({ ...proofHeader(signer), jwk }, await proofClaims(now), signer);
      await expectCode(verifierOf()(request(text, now)), INVALID, text, reason);
    }
  });

  it('refuses a bad signature, and a crit or b64 header', async () => {
    const now = Date.now();
    const good = await proof(es256, now);
    const [h, p, s = ''] = good.split('.');
    const flipped = `${h}.${p}.${s[0] === 'A' ? 'B' : 'A'}${s.slice(1)}`;
    const byOther = await sign(proofHeader(es256), await proofClaims(now), other);
    const crit = await signByHand(
      { ...proofHeader(es256), crit: ['exp'], exp: 1 },
      await proofClaims(now),
      es256,
    );
    const unencoded = await signByHand(
      { ...proofHeader(es256), crit: ['b64'], b64: false },
      await proofClaims(now),
      es256,
    );
    for (const text of [flipped, byOther]) {
      await expectCode(verifierOf()(request(text, now)), INVALID, text, 'signature');
    }
    for (const text of [crit, unencoded]) {
      await expectCode(verifierOf()(request(text, now)), INVALID, text, 'malformed');
    }
  });

  it('refuses a missing or invalid jti', async () => {
    const now = Date.now();
    for (const jti of [undefined, '', 42, ['a'], 'x'.repeat(257)]) {
      const text = await proof(es256, now, { jti });
      await expectCode(verifierOf()(request(text, now)), INVALID, text, 'jti');
    }
    await expect(
      verifierOf()(request(await proof(es256, now, { jti: 'x'.repeat(256) }), now)),
    ).resolves.toBeDefined();
  });

  it('refuses an htm other than the method, compared case-sensitively', async () => {
    const now = Date.now();
    for (const htm of ['get', 'POST', 'GET ', undefined, 1]) {
      const text = await proof(es256, now, { htm });
      await expectCode(verifierOf()(request(text, now)), INVALID, text, 'htm');
    }
  });

  it('refuses an htu for another target, or one that is not an absolute http(s) URI', async () => {
    const now = Date.now();
    const htus = [
      'https://api.example.com/other',
      'https://api.example.com/resource/',
      'http://api.example.com/resource',
      'https://api.example.com:8443/resource',
      'https://evil.example.com/resource',
      'https://user@api.example.com/resource',
      '/resource',
      'api.example.com/resource',
      undefined,
      42,
    ];
    for (const htu of htus) {
      const text = await proof(es256, now, { htu });
      await expectCode(verifierOf()(request(text, now)), INVALID, text, 'htu');
    }
    const text = await proof(es256, now);
    await expectCode(
      verifierOf()({ ...request(text, now), url: '/resource' }),
      INVALID,
      text,
      'htu',
    );
  });

  it('refuses an iat that is missing, not a number, too old or too far ahead', async () => {
    const now = 1_700_000_000_000;
    const verify = verifierOf({ iatWindow: 60, clockTolerance: 5 });
    for (const iat of [undefined, '1700000000', null, now / 1000 - 61, now / 1000 + 6]) {
      const text = await proof(es256, now, { iat });
      await expectCode(verify(request(text, now)), INVALID, text, 'iat');
    }
  });

  it('refuses a missing or mismatched ath when an access token is presented', async () => {
    const now = Date.now();
    const athVariants = [
      undefined,
      await athOf(`${TOKEN}x`),
      'abc',
      5,
      (await athOf(TOKEN)).toLowerCase(),
    ];
    for (const ath of athVariants) {
      const text = await proof(es256, now, { ath });
      await expectCode(verifierOf()(request(text, now)), INVALID, text, 'ath');
    }
  });

  it('refuses an expired proof whose exp is set', async () => {
    const now = Date.now();
    const text = await proof(es256, now, { exp: Math.floor(now / 1000) - 10 });
    await expectCode(verifierOf()(request(text, now)), INVALID, text, 'iat');
  });

  it('names the failed rule in the cause, and never the proof', async () => {
    const now = Date.now();
    const text = await proof(es256, now, { htm: 'POST' });
    const error = await expectCode(verifierOf()(request(text, now)), INVALID, text);
    expect(String((error.cause as Error).message)).toMatch(/htm/);
    expect(error.status).toBe(401);
  });
});
