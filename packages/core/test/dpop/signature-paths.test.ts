/**
 * The two signature paths of the proof check, node:crypto (on Node, the default) and jose
 * (every other runtime, or `nodeCrypto: false`), accept and refuse the same proofs, each
 * refusal with the same code and the same rule.
 */
import { createHmac } from 'node:crypto';
import { base64url, exportJWK } from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createDpopProofVerifier,
  type DpopProofInput,
  resolveDpopOptions,
} from '../../src/dpop/index.js';
import { JwtGuardError } from '../../src/errors/jwt-guard-error.js';
import {
  type ClientKey,
  clientKey,
  proof,
  proofClaims,
  proofHeader,
  proofRequest as request,
  sign,
  signByHand,
} from './proof-kit.js';

// The default allowlist minus ES384, so that a well-formed ES384 proof is a wrong `alg`.
const ALGORITHMS = ['ES256', 'RS256', 'PS256', 'EdDSA'];
const encode = (part: unknown) => base64url.encode(JSON.stringify(part));

let es256: ClientKey;
let other: ClientKey;
let es384: ClientKey;
let rs256: ClientKey;
let ps256: ClientKey;
let ed25519: ClientKey;
let rsa1024: ClientKey;
beforeAll(async () => {
  [es256, other, es384, rs256, ps256, ed25519] = await Promise.all([
    clientKey('ES256'),
    clientKey('ES256'),
    clientKey('ES384'),
    clientKey('RS256'),
    clientKey('PS256'),
    clientKey('EdDSA'),
  ]);
  const small = await crypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 1024,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  );
  rsa1024 = {
    alg: 'RS256',
    privateKey: small.privateKey,
    jwk: await exportJWK(small.publicKey),
    jkt: '',
  };
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** A proof MAC-signed (HS256) by hand over `header` and `claims`. */
function macSigned(header: object, claims: object): string {
  const input = `${encode(header)}.${encode(claims)}`;
  return `${input}.${createHmac('sha256', 'a shared secret').update(input).digest('base64url')}`;
}

/** The proofs of the table: a name, the proof at `now`, and whether it must pass. */
async function table(now: number): Promise<[string, string, boolean][]> {
  const claims = await proofClaims(now);
  const good = await proof(es256, now);
  const [h = '', p = '', s = ''] = good.split('.');
  const headerWithSpace = base64url.encode(`${JSON.stringify(proofHeader(es256))} `);
  return [
    ['a good ES256 proof', good, true],
    ['a good RS256 proof', await proof(rs256, now), true],
    ['a good PS256 proof', await proof(ps256, now), true],
    ['a good EdDSA proof', await proof(ed25519, now), true],
    [
      'typ with the application/ prefix',
      await sign({ ...proofHeader(es256), typ: 'application/dpop+jwt' }, claims, es256),
      true,
    ],
    ['a bad signature', `${h}.${p}.${s[0] === 'A' ? 'B' : 'A'}${s.slice(1)}`, false],
    ['signed by another key', await sign(proofHeader(es256), claims, other), false],
    ['a signature of another proof', `${h}.${p}.${(await proof(es256, now)).split('.')[2]}`, false],
    ['an alg not allowed', await proof(es384, now), false],
    [
      'an alg that does not fit the jwk',
      await signByHand({ ...proofHeader(es384), alg: 'ES256' }, claims, es384, {
        name: 'ECDSA',
        hash: 'SHA-256',
      }),
      false,
    ],
    [
      'an RS256 alg on an EC key',
      await signByHand({ ...proofHeader(es256), alg: 'RS256' }, claims, es256),
      false,
    ],
    ['alg none', `${encode({ ...proofHeader(es256), alg: 'none' })}.${p}.${s}`, false],
    ['alg NONE', `${encode({ ...proofHeader(es256), alg: 'NONE' })}.${p}.${s}`, false],
    [
      'HMAC with an oct jwk',
      macSigned({ typ: 'dpop+jwt', alg: 'HS256', jwk: { kty: 'oct', k: 'c2VjcmV0' } }, claims),
      false,
    ],
    ['HMAC with the EC jwk', macSigned({ ...proofHeader(es256), alg: 'HS256' }, claims), false],
    [
      'a jwk with d',
      await sign({ ...proofHeader(es256), jwk: { ...es256.jwk, d: 'AAAA' } }, claims, es256),
      false,
    ],
    [
      'an RSA jwk with p and q',
      await sign(
        { ...proofHeader(rs256), jwk: { ...rs256.jwk, p: 'AQAB', q: 'AQAB' } },
        claims,
        rs256,
      ),
      false,
    ],
    [
      'a jwk without kty',
      await sign({ ...proofHeader(es256), jwk: { ...es256.jwk, kty: undefined } }, claims, es256),
      false,
    ],
    ['an RSA key of 1024 bits', await signByHand(proofHeader(rsa1024), claims, rsa1024), false],
    ['typ JWT', await sign({ ...proofHeader(es256), typ: 'JWT' }, claims, es256), false],
    ['no typ', await sign({ ...proofHeader(es256), typ: undefined }, claims, es256), false],
    [
      'a tampered header: typ changed after signing',
      `${encode({ ...proofHeader(es256), typ: 'DPOP+JWT' })}.${p}.${s}`,
      false,
    ],
    ['a tampered header: a space after the JSON', `${headerWithSpace}.${p}.${s}`, false],
    ['a tampered payload', `${h}.${encode({ ...claims, htm: 'GET' })}.${s}`, false],
    [
      'crit',
      await signByHand({ ...proofHeader(es256), crit: ['b64'], b64: true }, claims, es256),
      false,
    ],
    ['b64 false', await signByHand({ ...proofHeader(es256), b64: false }, claims, es256), false],
    ['exp in the past', await proof(es256, now, { exp: Math.floor(now / 1000) - 60 }), false],
    ['nbf in the future', await proof(es256, now, { nbf: Math.floor(now / 1000) + 60 }), false],
    ['exp not a number', await proof(es256, now, { exp: 'soon' }), false],
    [
      'claims that are an array',
      await signByHand(proofHeader(es256), [] as unknown as Record<string, unknown>, es256),
      false,
    ],
  ];
}

type Outcome = { accepted: string } | { code: string; reason: string | undefined };

async function outcomeOf(
  verify: (input: DpopProofInput) => Promise<{ jkt: string }>,
  input: DpopProofInput,
): Promise<Outcome> {
  try {
    return { accepted: (await verify(input)).jkt };
  } catch (error) {
    expect(error).toBeInstanceOf(JwtGuardError);
    const { code, dpopReason } = error as JwtGuardError;
    return { code, reason: dpopReason };
  }
}

describe('the node:crypto and jose signature paths', () => {
  it('accept and refuse the same proofs, for the same rule', async () => {
    const now = Date.now();
    const options = resolveDpopOptions({ algorithms: ALGORITHMS });
    const viaNode = createDpopProofVerifier(options);
    const viaJose = createDpopProofVerifier(resolveDpopOptions({ algorithms: ALGORITHMS }), {
      nodeCrypto: false,
    });
    for (const [name, text, passes] of await table(now)) {
      const node = await outcomeOf(viaNode, request(text, now));
      const jose = await outcomeOf(viaJose, request(text, now));
      expect({ name, node }).toEqual({ name, node: jose });
      expect({ name, accepted: 'accepted' in node }).toEqual({ name, accepted: passes });
    }
  });

  it('on Node, the default path verifies without WebCrypto, and jose with it', async () => {
    const now = Date.now();
    // Made before the spies: the test's own signer hashes `ath` with WebCrypto.
    const proofs = await Promise.all([1, 2, 3, 4, 5].map(() => proof(es256, now)));
    const webVerify = vi.spyOn(globalThis.crypto.subtle, 'verify');
    const webDigest = vi.spyOn(globalThis.crypto.subtle, 'digest');
    const viaNode = createDpopProofVerifier(resolveDpopOptions({}));
    // The first proof imports the key and hashes its thumbprint: WebCrypto, once per key.
    await expect(viaNode(request(proofs[0] as string, now))).resolves.toMatchObject({
      jkt: es256.jkt,
    });
    expect(webDigest).toHaveBeenCalledTimes(1);
    for (const text of proofs.slice(1, 4)) {
      await expect(viaNode(request(text, now))).resolves.toBeDefined();
    }
    expect(webVerify).not.toHaveBeenCalled();
    expect(webDigest).toHaveBeenCalledTimes(1);

    const viaJose = createDpopProofVerifier(resolveDpopOptions({}), { nodeCrypto: false });
    await expect(viaJose(request(proofs[4] as string, now))).resolves.toBeDefined();
    expect(webVerify).toHaveBeenCalledTimes(1);
  });
});
