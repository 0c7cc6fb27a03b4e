/** Tokens the decrypter refuses, each by its code; and what jose would have done alone. */
import { readdirSync, readFileSync } from 'node:fs';
import {
  CompactEncrypt,
  type CompactJWEHeaderParameters,
  compactDecrypt,
  exportJWK,
  generateKeyPair,
  generateSecret,
  SignJWT,
} from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createTokenDecrypter,
  isCompactJwe,
  resolveDecryption,
  type TokenDecrypter,
} from '../../src/decrypt/index.js';
import { JwtGuardError } from '../../src/errors/jwt-guard-error.js';

let jws: string;
let ec: { publicKey: CryptoKey; privateKey: CryptoKey };
let rsa: { publicKey: CryptoKey; privateKey: CryptoKey };
let decrypt: TokenDecrypter;

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const encode = (text: string) => new TextEncoder().encode(text);

const encrypt = (
  header: Partial<CompactJWEHeaderParameters> & Record<string, unknown>,
  plaintext = jws,
  to: CryptoKey | Uint8Array = ec.publicKey,
  crit?: Record<string, boolean>,
) =>
  new CompactEncrypt(encode(plaintext))
    .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM', cty: 'JWT', ...header })
    .encrypt(to, crit ? { crit } : undefined);

const codeOf = async (token: string, decrypter = decrypt) => {
  const error = await decrypter(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'refused').toBeInstanceOf(JwtGuardError);
  expect((error as JwtGuardError).status).toBe(401);
  return (error as JwtGuardError).code;
};

/** Replaces part `index` of a compact token. */
const withPart = (token: string, index: number, part: string) =>
  token
    .split('.')
    .map((p, i) => (i === index ? part : p))
    .join('.');

/** Changes the first character of part `index`: still canonical base64url, other bytes. */
const tamper = (token: string, index: number) => {
  const part = token.split('.')[index]!;
  return withPart(token, index, (part[0] === 'A' ? 'B' : 'A') + part.slice(1));
};

beforeAll(async () => {
  const { privateKey } = await generateKeyPair('ES256');
  jws = await new SignJWT({ sub: 'user-1' }).setProtectedHeader({ alg: 'ES256' }).sign(privateKey);
  ec = await generateKeyPair('ECDH-ES', { extractable: true });
  rsa = await generateKeyPair('RSA-OAEP-256', { extractable: true });
  decrypt = createTokenDecrypter(resolveDecryption({ keys: [ec.privateKey, rsa.privateKey] }));
});

describe('keys and integrity', () => {
  it('refuses a token for another key, of each type', async () => {
    const otherEc = await generateKeyPair('ECDH-ES');
    const otherRsa = await generateKeyPair('RSA-OAEP-256');
    const otherSecret = (await generateSecret('A256GCM')) as CryptoKey;
    const mine = (await generateSecret('A256GCM')) as CryptoKey;
    const dir = createTokenDecrypter(resolveDecryption({ keys: mine }));
    expect(await codeOf(await encrypt({}, jws, otherEc.publicKey))).toBe('ERR_DECRYPTION_FAILED');
    expect(await codeOf(await encrypt({ alg: 'RSA-OAEP-256' }, jws, otherRsa.publicKey))).toBe(
      'ERR_DECRYPTION_FAILED',
    );
    expect(await codeOf(await encrypt({ alg: 'dir' }, jws, otherSecret), dir)).toBe(
      'ERR_DECRYPTION_FAILED',
    );
  });

  it('refuses an unknown kid, even when a key without kid would decrypt it', async () => {
    expect(await codeOf(await encrypt({ kid: 'nobody' }))).toBe('ERR_DECRYPTION_FAILED');
  });

  it.each([
    // Its first character changed, the header is no longer JSON.
    ['protected header', 0, 'ERR_TOKEN_MALFORMED'],
    ['encrypted key', 1, 'ERR_DECRYPTION_FAILED'],
    ['iv', 2, 'ERR_DECRYPTION_FAILED'],
    ['ciphertext', 3, 'ERR_DECRYPTION_FAILED'],
    ['tag', 4, 'ERR_DECRYPTION_FAILED'],
  ])('refuses a tampered %s', async (_part, index, code) => {
    const token = await encrypt({ alg: 'RSA-OAEP-256' }, jws, rsa.publicKey);
    await expect(decrypt(token)).resolves.toBe(jws);
    expect(await codeOf(tamper(token, index))).toBe(code);
  });

  it('refuses a protected header re-encoded with one member changed (it is the AAD)', async () => {
    const token = await encrypt({});
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());
    const changed = withPart(token, 0, b64({ ...header, kid: undefined, typ: 'JWT' }));
    expect(await codeOf(changed)).toBe('ERR_DECRYPTION_FAILED');
  });
});

describe('algorithms', () => {
  it('refuses RSA1_5 (jose 6 no longer produces it: the header is rewritten)', async () => {
    const token = await encrypt({ alg: 'RSA-OAEP-256' }, jws, rsa.publicKey);
    const rsa15 = withPart(token, 0, b64({ alg: 'RSA1_5', enc: 'A256GCM', cty: 'JWT' }));
    expect(await codeOf(rsa15)).toBe('ERR_DECRYPTION_FAILED');
  });

  it('refuses PBES2, whatever the p2c', async () => {
    const password = encode('correct horse battery staple');
    for (const p2cCount of [1000, 10_000_000]) {
      const token = await new CompactEncrypt(encode(jws))
        .setProtectedHeader({ alg: 'PBES2-HS256+A128KW', enc: 'A256GCM', cty: 'JWT' })
        .setKeyManagementParameters({ p2c: 1000, p2s: new Uint8Array(16) })
        .encrypt(password);
      const inflated =
        p2cCount === 1000
          ? token
          : withPart(
              token,
              0,
              b64({
                ...JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()),
                p2c: p2cCount,
              }),
            );
      const started = performance.now();
      expect(await codeOf(inflated)).toBe('ERR_DECRYPTION_FAILED');
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });

  it('refuses an enc outside the allowlist (A128CBC-HS256 by default)', async () => {
    expect(await codeOf(await encrypt({ enc: 'A128CBC-HS256' }))).toBe('ERR_DECRYPTION_FAILED');
  });

  it('refuses an alg outside the allowlist, or none', async () => {
    const narrow = createTokenDecrypter(
      resolveDecryption({ keys: ec.privateKey, keyManagementAlgorithms: ['ECDH-ES+A256KW'] }),
    );
    expect(await codeOf(await encrypt({}), narrow)).toBe('ERR_DECRYPTION_FAILED');
    const token = await encrypt({});
    const [, ...rest] = token.split('.');
    for (const header of [
      { enc: 'A256GCM', cty: 'JWT' },
      { alg: 'none', enc: 'A256GCM', cty: 'JWT' },
    ]) {
      expect(await codeOf([b64(header), ...rest].join('.'))).toBe('ERR_DECRYPTION_FAILED');
    }
  });
});

describe('header rules', () => {
  it('refuses zip, even on a token our key decrypts; jose alone would decompress it', async () => {
    const zipped = await encrypt({ zip: 'DEF' });
    expect(await codeOf(zipped)).toBe('ERR_DECRYPTION_FAILED');
    // Pinned so that a jose upgrade that changes this default is noticed.
    const { plaintext } = await compactDecrypt(zipped, ec.privateKey);
    expect(new TextDecoder().decode(plaintext)).toBe(jws);
  });

  it.each([
    ['missing', { cty: undefined }],
    ['"json"', { cty: 'json' }],
    ['"JWS"', { cty: 'JWS' }],
    ['"application/jwt+x"', { cty: 'application/jwt+x' }],
    ['"secevent+jwt"', { cty: 'secevent+jwt' }],
    ['"at+jws"', { cty: 'at+jws' }],
    ['not a string', { cty: ['JWT'] }],
  ] as [string, Record<string, unknown>][])('refuses cty %s', async (_name, header) => {
    expect(await codeOf(await encrypt(header))).toBe('ERR_DECRYPTION_FAILED');
  });

  it('refuses crit with anything (no extension is understood), and a non-string kid', async () => {
    const critical = await encrypt({ crit: ['exp'], exp: 1 }, jws, ec.publicKey, { exp: true });
    expect(await codeOf(critical)).toBe('ERR_DECRYPTION_FAILED');
    expect(await codeOf(await encrypt({ kid: 42 as unknown as string }))).toBe(
      'ERR_DECRYPTION_FAILED',
    );
  });
});

describe('the plaintext', () => {
  it.each([
    ['an inner JWE', async () => encrypt({}, await encrypt({}))],
    [
      'an unsecured token (alg none, empty signature)',
      async () => encrypt({}, `${b64({ alg: 'none' })}.${b64({ sub: 'a' })}.`),
    ],
    ['a two-part token', async () => encrypt({}, `${b64({ alg: 'ES256' })}.${b64({ sub: 'a' })}`)],
    ['a JWS with padding', async () => encrypt({}, `${jws}=`)],
    ['a JWS with whitespace', async () => encrypt({}, `${jws}\n`)],
    ['JSON claims', async () => encrypt({}, '{"sub":"a"}')],
  ])('refuses %s', async (_name, make) => {
    expect(await codeOf(await make())).toBe('ERR_DECRYPTION_FAILED');
  });

  it('refuses a plaintext that is not UTF-8', async () => {
    const token = await new CompactEncrypt(new Uint8Array([0xff, 0x2e, 0x61, 0x2e, 0x62]))
      .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM', cty: 'JWT' })
      .encrypt(ec.publicKey);
    expect(await codeOf(token)).toBe('ERR_DECRYPTION_FAILED');
  });
});

describe('form', () => {
  it('isCompactJwe counts five parts', () => {
    expect(isCompactJwe('a.b.c.d.e')).toBe(true);
    expect(isCompactJwe('a..c.d.e')).toBe(true);
    for (const token of ['', 'a.b.c', 'a.b.c.d', 'a.b.c.d.e.f', '....', '.....']) {
      expect(isCompactJwe(token), token).toBe(token === '....');
    }
  });

  it('refuses four and six parts, padding, standard base64, empty parts and bad headers as malformed', async () => {
    const token = await encrypt({});
    const parts = token.split('.');
    const malformed = [
      parts.slice(0, 4).join('.'),
      `${token}.${parts[4]}`,
      `${token}=`,
      withPart(token, 3, `${parts[3]}=`),
      withPart(token, 2, `${parts[2]!.slice(0, -1)}+`),
      withPart(token, 0, ''),
      withPart(token, 2, ''),
      withPart(token, 4, ''),
      withPart(token, 0, Buffer.from('not json').toString('base64url')),
      withPart(token, 0, b64(['alg', 'dir'])),
      withPart(token, 0, b64(null)),
      withPart(token, 0, Buffer.from([0xff, 0xfe]).toString('base64url')),
      ` ${token}`,
    ];
    for (const bad of malformed)
      expect(await codeOf(bad), bad.slice(0, 30)).toBe('ERR_TOKEN_MALFORMED');
  });

  it('never puts token text in an error or its causes', async () => {
    const token = await encrypt({ kid: 'secret-looking-kid' });
    const error = await decrypt(tamper(token, 3)).catch((e: unknown) => e);
    let text = '';
    for (let e: unknown = error; e instanceof Error; e = e.cause)
      text += `${e.message}\n${e.stack}`;
    for (const part of token.split('.').filter((p) => p.length > 8))
      expect(text).not.toContain(part);
    expect(text).not.toContain('secret-looking-kid');
  });
});

describe('runtime independence', () => {
  it('imports nothing from node: in the decryption modules', () => {
    const dir = new URL('../../src/decrypt/', import.meta.url);
    for (const file of readdirSync(dir)) {
      expect(readFileSync(new URL(file, dir), 'utf8'), file).not.toMatch(/from ['"]node:/);
    }
  });

  it('works with a JWK imported through WebCrypto alone', async () => {
    const jwk = await exportJWK(ec.privateKey);
    const webOnly = createTokenDecrypter(resolveDecryption({ keys: jwk }));
    await expect(webOnly(await encrypt({}))).resolves.toBe(jws);
  });
});
