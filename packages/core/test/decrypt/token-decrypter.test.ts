/** Round trips: every default algorithm, every form of key, and the choice among keys. */
import { createPrivateKey, createSecretKey, KeyObject } from 'node:crypto';
import { encryptToken, generateEncryptionKey } from '@jwt-guard/testing';
import {
  CompactEncrypt,
  type CompactJWEHeaderParameters,
  exportJWK,
  exportPKCS8,
  generateKeyPair,
  generateSecret,
  SignJWT,
} from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createTokenDecrypter,
  type DecryptionKeyInput,
  type DecryptionOptions,
  isCompactJwe,
  MAX_KEYS_WITHOUT_KID,
  resolveDecryption,
} from '../../src/decrypt/index.js';
import { JwtGuardError } from '../../src/errors/jwt-guard-error.js';

type Pair = { publicKey: CryptoKey; privateKey: CryptoKey };
let jws: string;

beforeAll(async () => {
  const { privateKey } = await generateKeyPair('ES256');
  jws = await new SignJWT({ sub: 'user-1' }).setProtectedHeader({ alg: 'ES256' }).sign(privateKey);
});

const encrypt = (
  to: CryptoKey,
  header: Partial<CompactJWEHeaderParameters> & Record<string, unknown>,
  plaintext = jws,
) =>
  new CompactEncrypt(new TextEncoder().encode(plaintext))
    .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM', cty: 'JWT', ...header })
    .encrypt(to);

const decrypter = (options: DecryptionOptions) => createTokenDecrypter(resolveDecryption(options));

const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(JwtGuardError);
  return (error as JwtGuardError).code;
};

/** Every form a user may hold a private key in. */
async function forms(privateKey: CryptoKey): Promise<[string, DecryptionKeyInput][]> {
  const secret = privateKey.type === 'secret';
  const jwk = await exportJWK(privateKey);
  const keyObject = KeyObject.from(privateKey);
  const pem = secret ? undefined : await exportPKCS8(privateKey);
  return [
    ['CryptoKey', privateKey],
    ['KeyObject', keyObject],
    ['private JWK', jwk],
    ['{ kid, key }', { kid: 'wrapped', key: jwk }],
    ...(pem ? ([['PKCS#8 PEM', pem]] as [string, DecryptionKeyInput][]) : []),
    ...(secret
      ? ([['secret KeyObject', createSecretKey(new Uint8Array(keyObject.export()))]] as [
          string,
          DecryptionKeyInput,
        ][])
      : ([['KeyObject from PEM', createPrivateKey(pem!)]] as [string, DecryptionKeyInput][])),
  ];
}

describe('round trips', () => {
  const cases: [string, string, () => Promise<Pair>][] = [
    ['RSA-OAEP-256', 'A256GCM', () => generateKeyPair('RSA-OAEP-256', { extractable: true })],
    ['RSA-OAEP-256', 'A128GCM', () => generateKeyPair('RSA-OAEP-256', { extractable: true })],
    ['ECDH-ES', 'A256GCM', () => generateKeyPair('ECDH-ES', { extractable: true })],
    ['ECDH-ES', 'A192GCM', () => generateKeyPair('ECDH-ES', { crv: 'P-384', extractable: true })],
    ['ECDH-ES+A128KW', 'A128GCM', () => generateKeyPair('ECDH-ES', { extractable: true })],
    [
      'ECDH-ES+A192KW',
      'A256GCM',
      () => generateKeyPair('ECDH-ES', { crv: 'P-521', extractable: true }),
    ],
    ['ECDH-ES+A256KW', 'A256GCM', () => generateKeyPair('ECDH-ES', { extractable: true })],
    ['ECDH-ES', 'A256GCM', () => generateKeyPair('ECDH-ES', { crv: 'X25519', extractable: true })],
    [
      'ECDH-ES+A256KW',
      'A128GCM',
      () => generateKeyPair('ECDH-ES', { crv: 'X25519', extractable: true }),
    ],
    ['dir', 'A256GCM', async () => dirPair(await generateSecret('A256GCM', { extractable: true }))],
    ['dir', 'A128GCM', async () => dirPair(await generateSecret('A128GCM', { extractable: true }))],
  ];
  const dirPair = (secret: unknown) => ({
    publicKey: secret as CryptoKey,
    privateKey: secret as CryptoKey,
  });

  it.each(cases)('%s with %s, from every form of the key', async (alg, enc, generate) => {
    const { publicKey, privateKey } = await generate();
    for (const [form, key] of await forms(privateKey)) {
      const kid = form === '{ kid, key }' ? 'wrapped' : undefined;
      const token = await encrypt(publicKey, { alg, enc, kid });
      expect(isCompactJwe(token)).toBe(true);
      await expect(decrypter({ keys: key })(token), form).resolves.toBe(jws);
    }
  });

  it('accepts cty "jwt", "application/jwt" and "at+jwt" (RFC 7515 §4.1.10: case-insensitive, prefix optional)', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ECDH-ES');
    const decrypt = decrypter({ keys: privateKey });
    for (const cty of [
      'jwt',
      'JwT',
      'application/jwt',
      'APPLICATION/JWT',
      'at+jwt',
      'application/at+jwt',
    ]) {
      await expect(decrypt(await encrypt(publicKey, { cty }))).resolves.toBe(jws);
    }
  });

  it('decrypts AES-CBC-HMAC and AES key wrap when the allowlists name them', async () => {
    // jose makes AES-CBC-HMAC secrets as bytes: WebCrypto has no key type for the pair.
    const raw = await generateSecret('A128CBC-HS256');
    const jwk = { kty: 'oct', k: Buffer.from(raw).toString('base64url') };
    const decrypt = decrypter({
      keys: [
        { kid: 'dir', key: jwk },
        { kid: 'kw', key: jwk, alg: 'A256KW' },
      ],
      keyManagementAlgorithms: ['dir', 'A256KW'],
      contentEncryptionAlgorithms: ['A128CBC-HS256', 'A256GCM'],
    });
    const dirToken = await new CompactEncrypt(new TextEncoder().encode(jws))
      .setProtectedHeader({ alg: 'dir', enc: 'A128CBC-HS256', cty: 'JWT', kid: 'dir' })
      .encrypt(raw);
    const kwToken = await new CompactEncrypt(new TextEncoder().encode(jws))
      .setProtectedHeader({ alg: 'A256KW', enc: 'A256GCM', cty: 'JWT', kid: 'kw' })
      .encrypt(raw);
    await expect(decrypt(dirToken)).resolves.toBe(jws);
    await expect(decrypt(kwToken)).resolves.toBe(jws);
  });
});

describe('with the testing package', () => {
  it.each(['RSA-OAEP-256', 'ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A256KW', 'dir'] as const)(
    'decrypts what encryptToken makes for a generated %s key, given its private JWK',
    async (alg) => {
      const key = await generateEncryptionKey(alg);
      const decrypt = decrypter({ keys: key.privateJwk });
      await expect(decrypt(await encryptToken(jws, { key: key.publicJwk }))).resolves.toBe(jws);
      const zipped = await encryptToken(jws, { key: key.publicJwk, header: { zip: 'DEF' } });
      expect(await failure(decrypt(zipped))).toBe('ERR_DECRYPTION_FAILED');
    },
  );
});

describe('choosing the key', () => {
  let pairs: Pair[];
  beforeAll(async () => {
    pairs = await Promise.all(
      Array.from({ length: MAX_KEYS_WITHOUT_KID + 1 }, () =>
        generateKeyPair('ECDH-ES', { extractable: true }),
      ),
    );
  });

  it('uses the key the kid names, among several', async () => {
    const rsa = await generateKeyPair('RSA-OAEP-256');
    const keys = [
      { kid: 'rsa', key: rsa.privateKey },
      ...pairs.map((pair, i) => ({ kid: `ec-${i}`, key: pair.privateKey })),
    ];
    const decrypt = decrypter({ keys });
    for (const [i, pair] of pairs.entries()) {
      await expect(decrypt(await encrypt(pair.publicKey, { kid: `ec-${i}` }))).resolves.toBe(jws);
      // The right kid is the only key tried: another kid's key does not decrypt it.
      const misnamed = await encrypt(pair.publicKey, { kid: `ec-${(i + 1) % pairs.length}` });
      expect(await failure(decrypt(misnamed))).toBe('ERR_DECRYPTION_FAILED');
    }
    await expect(
      decrypt(await encrypt(rsa.publicKey, { alg: 'RSA-OAEP-256', kid: 'rsa' })),
    ).resolves.toBe(jws);
    // A kid naming a key of another type is refused, never decrypted with some other key.
    const wrongType = await encrypt(pairs[0]!.publicKey, { kid: 'rsa' });
    expect(await failure(decrypt(wrongType))).toBe('ERR_DECRYPTION_FAILED');
  });

  it(`tries the first ${MAX_KEYS_WITHOUT_KID} fitting keys for a token without kid`, async () => {
    const rsa = await generateKeyPair('RSA-OAEP-256');
    const decrypt = decrypter({ keys: [rsa.privateKey, ...pairs.map((pair) => pair.privateKey)] });
    for (const pair of pairs.slice(0, MAX_KEYS_WITHOUT_KID)) {
      await expect(decrypt(await encrypt(pair.publicKey, {}))).resolves.toBe(jws);
    }
    const beyond = await encrypt(pairs[MAX_KEYS_WITHOUT_KID]!.publicKey, {});
    expect(await failure(decrypt(beyond))).toBe('ERR_DECRYPTION_FAILED');
    // The RSA key is not one of them for an ECDH-ES token, so it takes no slot.
    await expect(decrypt(await encrypt(rsa.publicKey, { alg: 'RSA-OAEP-256' }))).resolves.toBe(jws);
  });

  it('refuses a token without kid when no key fits its algorithm', async () => {
    const rsa = await generateKeyPair('RSA-OAEP-256');
    const decrypt = decrypter({ keys: rsa.privateKey });
    expect(await failure(decrypt(await encrypt(pairs[0]!.publicKey, {})))).toBe(
      'ERR_DECRYPTION_FAILED',
    );
  });

  it('refuses a dir token whose enc needs a key of another length', async () => {
    const secret = (await generateSecret('A128GCM', { extractable: true })) as CryptoKey;
    const raw = new Uint8Array(KeyObject.from(secret).export());
    const decrypt = decrypter({ keys: { kty: 'oct', k: Buffer.from(raw).toString('base64url') } });
    await expect(decrypt(await encrypt(secret, { alg: 'dir', enc: 'A128GCM' }))).resolves.toBe(jws);
    const doubled = new Uint8Array([...raw, ...raw]);
    const token = await new CompactEncrypt(new TextEncoder().encode(jws))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', cty: 'JWT' })
      .encrypt(doubled);
    expect(await failure(decrypt(token))).toBe('ERR_DECRYPTION_FAILED');
  });
});

describe('key import', () => {
  it('happens once, at the first token: a key jose cannot import fails every call alike', async () => {
    const corrupt = '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----';
    const decrypt = decrypter({ keys: [{ kid: 'k', key: corrupt }] });
    const { publicKey } = await generateKeyPair('ECDH-ES');
    const token = await encrypt(publicKey, { kid: 'k' });
    const first = await decrypt(token).catch((e: unknown) => e);
    const second = await decrypt(token).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(TypeError);
    expect((first as TypeError).message).toContain('"decryption.keys[0]"');
    expect(second).toBe(first);
  });

  it('refuses an RSA JWK under 2048 bits when it imports it', async () => {
    const weak = await crypto.subtle.generateKey(
      {
        name: 'RSA-OAEP',
        modulusLength: 1024,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      },
      true,
      ['decrypt', 'encrypt'],
    );
    const decrypt = decrypter({ keys: await exportJWK(weak.privateKey) });
    const { publicKey } = await generateKeyPair('RSA-OAEP-256');
    const error = await decrypt(await encrypt(publicKey, { alg: 'RSA-OAEP-256' })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toContain('2048');
  });
});
