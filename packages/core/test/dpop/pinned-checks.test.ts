/**
 * DPoP checks that only a refusal showed before: the 8 KiB size limit and the canonical
 * encoding at their boundaries, a nonce secret shared by two instances, a request URL that
 * cannot be normalised, and `typ`/`alg`, each checked at two layers and pinned at each by
 * the `dpopReason` that names the rule.
 */
import { base64url } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createDpopNonces,
  createDpopProofVerifier,
  createMemoryReplayStore,
  resolveDpopOptions,
} from '../../src/dpop/index.js';
import { checkProofClaims } from '../../src/dpop/proof-claims.js';
import { proofRefusedBy } from '../../src/dpop/proof-error.js';
import { proofHeaderFailure } from '../../src/dpop/proof-header.js';
import { verifyProofSignature } from '../../src/dpop/proof-signature.js';
import {
  type ClientKey,
  clientKey,
  expectCode,
  proof,
  proofClaims,
  proofHeader,
  sign,
  signByHand,
  TOKEN,
  URL_,
} from './proof-kit.js';

const INVALID = 'ERR_DPOP_PROOF_INVALID';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const request = (proofText: string, nowMs: number) => ({
  proof: proofText,
  method: 'GET',
  url: URL_,
  accessToken: TOKEN,
  nowMs,
});
const verifierOf = () => createDpopProofVerifier(resolveDpopOptions({}));

let es256: ClientKey;
let es384: ClientKey;
beforeAll(async () => {
  [es256, es384] = await Promise.all([clientKey('ES256'), clientKey('ES384')]);
});

// A valid proof of exactly `length` characters: padding in a header member and a claim.
async function proofOfLength(length: number, nowMs: number): Promise<string> {
  for (let kid = 0; kid < 4; kid += 1) {
    const header = { ...proofHeader(es256), kid: 'k'.repeat(kid + 1) };
    const claims = await proofClaims(nowMs);
    const base = (await sign(header, { ...claims, pad: '' }, es256)).length;
    // Each 3 characters of padding add 4 to the payload segment.
    const pad = Math.max(0, Math.floor(((length - base) * 3) / 4) - 2);
    for (let extra = 0; extra < 6; extra += 1) {
      const text = await sign(header, { ...claims, pad: 'p'.repeat(pad + extra) }, es256);
      if (text.length === length) return text;
    }
  }
  throw new Error(`no proof of ${length} characters`);
}

describe('the 8 KiB proof limit', () => {
  it('accepts a valid proof of 8192 characters and refuses one of 8193 before decoding', async () => {
    const now = Date.now();
    const atLimit = await proofOfLength(8192, now);
    await expect(verifierOf()(request(atLimit, now))).resolves.toMatchObject({ jkt: es256.jkt });
    const over = await proofOfLength(8193, now);
    await expectCode(verifierOf()(request(over, now)), INVALID, over, 'malformed');
  });
});

describe('the canonical encoding', () => {
  // The last character of a segment may carry bits that encode nothing: a lenient decoder
  // reads another spelling as the same bytes, and the signature still verifies.
  const respell = (segment: string) =>
    `${segment.slice(0, -1)}${ALPHABET[ALPHABET.indexOf(segment.slice(-1)) ^ 1]}`;

  it('refuses another spelling of the same bytes in any segment, and accepts the canonical one', async () => {
    const now = Date.now();
    const text = await proof(es256, now);
    const [h = '', p = '', s = ''] = text.split('.');
    // An ES256 signature is 64 bytes: 86 characters with 4 unused bits.
    expect(base64url.decode(respell(s))).toEqual(base64url.decode(s));
    const spellings = [`${h}.${p}.${respell(s)}`];
    if (h.length % 4 !== 0) spellings.push(`${respell(h)}.${p}.${s}`);
    if (p.length % 4 !== 0) spellings.push(`${h}.${respell(p)}.${s}`);
    for (const spelling of spellings) {
      await expectCode(verifierOf()(request(spelling, now)), INVALID, spelling, 'malformed');
    }
    await expect(verifierOf()(request(text, now))).resolves.toMatchObject({ jkt: es256.jkt });
  });
});

describe('server nonces shared by a fleet', () => {
  it('accepts on one instance a nonce issued by another with the same secret', async () => {
    const secret = new Uint8Array(32).fill(7);
    const instance = () =>
      createDpopProofVerifier(
        resolveDpopOptions({ nonce: createDpopNonces({ secret: new Uint8Array(secret) }) }),
      );
    const [first, second] = [instance(), instance()];
    const stranger = createDpopProofVerifier(resolveDpopOptions({ nonce: true }));
    const now = Date.now();
    const withoutNonce = await proof(es256, now);
    const refused = await expectCode(first(request(withoutNonce, now)), 'ERR_DPOP_NONCE_REQUIRED');
    expect(refused.dpopReason).toBe('nonce');
    const nonce = await createDpopNonces({ secret }).issue(now);
    await expect(second(request(await proof(es256, now, { nonce }), now))).resolves.toMatchObject({
      jkt: es256.jkt,
    });
    await expect(first(request(await proof(es256, now, { nonce }), now))).resolves.toBeDefined();
    const elsewhere = await proof(es256, now, { nonce });
    await expectCode(
      stranger(request(elsewhere, now)),
      'ERR_DPOP_NONCE_REQUIRED',
      elsewhere,
      'nonce',
    );
  });
});

describe('a request URL that cannot be normalised', () => {
  it('is refused whatever the proof says, a proof without htu included', async () => {
    const now = Date.now();
    const rules = { iatWindow: 60, clockTolerance: 5 };
    const claims = await proofClaims(now);
    const { htu: _dropped, ...withoutHtu } = claims;
    for (const url of ['/resource', 'api.example.com/resource', 'https://a b/', 'ftp://x/']) {
      const at = { method: 'GET', url, accessToken: TOKEN, nowMs: now };
      for (const payload of [withoutHtu, { ...claims, htu: url }]) {
        await expectCode(checkProofClaims(payload, at, rules), INVALID, undefined, 'htu');
      }
    }
    const at = { method: 'GET', url: URL_, accessToken: TOKEN, nowMs: now };
    await expectCode(checkProofClaims(withoutHtu, at, rules), INVALID, undefined, 'htu');
    await expect(checkProofClaims(claims, at, rules)).resolves.toEqual({
      jti: claims.jti,
      iat: claims.iat,
    });
  });
});

describe('typ and alg, checked twice', () => {
  const allowed = new Set(['ES256']);

  it('the header layer names typ, alg and jwk', () => {
    const header = proofHeader(es256);
    expect(proofHeaderFailure({ ...header }, allowed)).toBeUndefined();
    expect(proofHeaderFailure({ ...header, typ: 'JWT' }, allowed)?.reason).toBe('typ');
    expect(proofHeaderFailure({ ...header, alg: 'ES384' }, allowed)?.reason).toBe('alg');
    expect(proofHeaderFailure({ ...header, alg: undefined }, allowed)?.reason).toBe('alg');
    expect(proofHeaderFailure({ ...header, jwk: undefined }, allowed)?.reason).toBe('jwk');
  });

  it('the signature layer refuses them again on its own, naming them', async () => {
    const now = Date.now();
    const rules = { algorithms: ['ES256'], nowMs: now, clockTolerance: 5 };
    const claims = await proofClaims(now);
    const good = await sign(proofHeader(es256), claims, es256);
    await expect(verifyProofSignature(good, rules)).resolves.toEqual({
      payload: claims,
      jwk: es256.jwk,
    });
    const prefixed = await sign(
      { ...proofHeader(es256), typ: 'application/dpop+jwt' },
      claims,
      es256,
    );
    await expect(verifyProofSignature(prefixed, rules)).resolves.toBeDefined();
    const cases: [string, string][] = [
      [await sign({ ...proofHeader(es256), typ: 'JWT' }, claims, es256), 'typ'],
      [await sign({ ...proofHeader(es256), typ: undefined }, claims, es256), 'typ'],
      [await sign(proofHeader(es384), claims, es384), 'alg'],
      [await sign({ ...proofHeader(es256), jwk: es384.jwk }, claims, es256), 'jwk'],
      [await sign(proofHeader(es256), claims, await clientKey('ES256')), 'signature'],
      [
        await sign(proofHeader(es256), { ...claims, exp: (claims.iat as number) - 60 }, es256),
        'iat',
      ],
      [await signByHand({ ...proofHeader(es256), crit: ['x'], x: 1 }, claims, es256), 'malformed'],
    ];
    for (const [text, reason] of cases) {
      await expectCode(verifyProofSignature(text, rules), INVALID, text, reason as 'typ');
    }
  });
});

describe('the cause of a refusal by jose or WebCrypto', () => {
  const causeOf = (error: unknown) => (proofRefusedBy('signature', error).cause as Error).message;

  it('keeps only a code or name of simple form, never a value from the proof', () => {
    expect(causeOf({ code: 'ERR_JWS_INVALID', name: 'JWSInvalid' })).toMatch(
      /\(ERR_JWS_INVALID\)$/,
    );
    expect(causeOf({ code: 7, name: 'DataError' })).toMatch(/\(DataError\)$/);
    expect(causeOf({ code: 'has "quotes"', name: 'x'.repeat(65) })).toMatch(/\(unknown error\)$/);
    expect(causeOf({ code: '9lives' })).toMatch(/\(unknown error\)$/);
    expect(causeOf({ code: `_${'a'.repeat(63)}` })).toMatch(/\(_a{63}\)$/);
    expect(causeOf(null)).toMatch(/\(unknown error\)$/);
    expect(causeOf('ERR_STRING')).toMatch(/\(unknown error\)$/);
    const error = proofRefusedBy('jwk', new Error('secret value'));
    expect(error).toMatchObject({ code: INVALID, dpopReason: 'jwk', status: 401 });
    expect((error.cause as Error).message).toBe('DPoP proof: refused while verifying (Error)');
  });
});

describe('the DPoP options, refused at creation', () => {
  const message = (make: () => unknown) => {
    try {
      make();
    } catch (error) {
      expect(error).toBeInstanceOf(TypeError);
      return (error as TypeError).message;
    }
    return expect.unreachable('accepted');
  };
  const rule = (option: string) =>
    new RegExp(`^jwt-guard: option "${option.replace(/\./g, '\\.')}" [a-z]\\S* \\S`);

  it.each([
    ['dpop.nonce', () => createDpopNonces(null as never)],
    ['dpop.nonce', () => createDpopNonces('x' as never)],
    ['dpop.nonce.secret', () => createDpopNonces({ secret: new Uint8Array(8) })],
    ['dpop.nonce.lifetimeSeconds', () => createDpopNonces({ lifetimeSeconds: '60' as never })],
    ['dpop.nonce.lifetimeSeconds', () => createDpopNonces({ lifetimeSeconds: 0 })],
    ['dpop.replayStore', () => createMemoryReplayStore(null as never)],
    ['dpop.replayStore', () => createMemoryReplayStore('x' as never)],
    ['dpop.replayStore.maxEntries', () => createMemoryReplayStore({ maxEntries: 0 })],
    ['dpop', () => resolveDpopOptions(7)],
    ['dpop.iatWindow', () => resolveDpopOptions({ iatWindow: '60' })],
    ['dpop.iatWindow', () => resolveDpopOptions({ iatWindow: 0 })],
    ['dpop.clockTolerance', () => resolveDpopOptions({ clockTolerance: -1 })],
    ['dpop.algorithms', () => resolveDpopOptions({ algorithms: [] })],
    ['dpop.algorithms', () => resolveDpopOptions({ algorithms: [256] })],
    ['dpop.algorithms', () => resolveDpopOptions({ algorithms: ['HS256'] })],
    ['dpop.replayStore', () => resolveDpopOptions({ replayStore: 'redis' })],
    ['dpop.replayStore', () => resolveDpopOptions({ replayStore: {} })],
    ['dpop.nonce', () => resolveDpopOptions({ nonce: 'yes' })],
    ['dpop.nonce', () => resolveDpopOptions({ nonce: { issue: 1, accepts: () => true } })],
    ['dpop.nonce', () => resolveDpopOptions({ nonce: { issue: () => '', accepts: 1 } })],
    ['dpop.required', () => resolveDpopOptions({ required: 'yes' })],
    ['dpop.requried', () => resolveDpopOptions({ requried: true })],
  ])('%s: a TypeError that names the option and the rule', (option, make) => {
    expect(message(make)).toMatch(rule(option));
  });

  it('says which number a time option must be', () => {
    expect(message(() => resolveDpopOptions({ iatWindow: 0 }))).toContain('a positive, finite');
    expect(message(() => resolveDpopOptions({ clockTolerance: -1 }))).toContain(
      'a non-negative, finite',
    );
  });
});
