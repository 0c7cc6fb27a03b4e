/**
 * The JWE allowlists and the RSA1_5/PBES2 refusal are each held at more than one layer
 * (issue 19 §3, "checks made twice"): a test that only sees the token refused cannot tell
 * when one layer is lost. Each layer is called here on its own, and pinned by the code (or,
 * at start-up, the `TypeError`) that names its check.
 */
import {
  CompactEncrypt,
  type CompactJWEHeaderParameters,
  compactDecrypt,
  generateKeyPair,
  SignJWT,
} from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTENT_ENCRYPTION_ALGORITHMS,
  DEFAULT_KEY_MANAGEMENT_ALGORITHMS,
  keyManagementRow,
  refusalOf,
  resolveAllowlist,
} from '../../src/decrypt/algorithms.js';
import { importDecryptionKey } from '../../src/decrypt/import-keys.js';
import { checkJweHeader } from '../../src/decrypt/jwe-header.js';
import { resolveDecryption } from '../../src/decrypt/resolve-decryption.js';
import { selectKeys } from '../../src/decrypt/select-keys.js';
import { createTokenDecrypter, joseDecryptOptions } from '../../src/decrypt/token-decrypter.js';
import { JwtGuardError } from '../../src/errors/jwt-guard-error.js';

type Pair = { publicKey: CryptoKey; privateKey: CryptoKey };
type Header = Partial<CompactJWEHeaderParameters> & Record<string, unknown>;

const REFUSED = ['RSA1_5', 'PBES2-HS256+A128KW', 'PBES2-HS384+A192KW', 'PBES2-HS512+A256KW'];
const DEFAULTS = {
  keyManagementAlgorithms: DEFAULT_KEY_MANAGEMENT_ALGORITHMS,
  contentEncryptionAlgorithms: DEFAULT_CONTENT_ENCRYPTION_ALGORITHMS,
};
const NARROW = { keyManagementAlgorithms: ['ECDH-ES'], contentEncryptionAlgorithms: ['A256GCM'] };

let jws: string;
let ec: Pair;
let rsa: Pair;

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const encrypt = (header: Header, to: CryptoKey | Uint8Array = ec.publicKey) =>
  new CompactEncrypt(new TextEncoder().encode(jws))
    .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM', cty: 'JWT', ...header })
    .encrypt(to);
/** `token` with its protected header replaced (jose 6 no longer produces RSA1_5). */
const withHeader = (token: string, header: Header) =>
  [b64(header), ...token.split('.').slice(1)].join('.');
const pbes2 = (alg: string) =>
  new CompactEncrypt(new TextEncoder().encode(jws))
    .setProtectedHeader({ alg, enc: 'A256GCM', cty: 'JWT' })
    .setKeyManagementParameters({ p2c: 1000, p2s: new Uint8Array(16) })
    .encrypt(new TextEncoder().encode('correct horse battery staple'));

/** What a call threw, or `undefined`. */
const thrown = async (run: () => unknown) => {
  try {
    await run();
    return undefined;
  } catch (error) {
    return error as Error & { code?: string };
  }
};

beforeAll(async () => {
  const { privateKey } = await generateKeyPair('ES256');
  jws = await new SignJWT({ sub: 'user-1' }).setProtectedHeader({ alg: 'ES256' }).sign(privateKey);
  ec = await generateKeyPair('ECDH-ES', { extractable: true });
  rsa = await generateKeyPair('RSA-OAEP-256', { extractable: true });
});

describe('RSA1_5 and PBES2 at start-up', () => {
  it.each(REFUSED)('%s: refusalOf names the refusal (first layer)', (alg) => {
    expect(refusalOf(alg)).toMatch(/^is refused: /);
  });

  it.each(REFUSED)('%s: the algorithm table has no row for it (second layer)', (alg) => {
    expect(keyManagementRow(alg)).toBeUndefined();
  });

  it.each(REFUSED)('%s: the option is a TypeError that gives the refusal, not "unknown"', (alg) => {
    const make = () => resolveAllowlist('keyManagementAlgorithms', ['ECDH-ES', alg]);
    expect(make).toThrow(TypeError);
    expect(make).toThrow(
      `option "decryption.keyManagementAlgorithms" names ${alg}, which is refused`,
    );
  });

  it('refuses nothing else: every algorithm of the table passes refusalOf', () => {
    for (const alg of [...DEFAULT_KEY_MANAGEMENT_ALGORITHMS, 'RSA-OAEP', 'A256KW', 'A128GCMKW']) {
      expect(refusalOf(alg), alg).toBeUndefined();
      expect(keyManagementRow(alg), alg).toBeDefined();
    }
    // A content encryption name is not a key management one, refused or not.
    expect(refusalOf('A256GCM')).toBeUndefined();
  });
});

describe('the header check (first layer at request time)', () => {
  const header = (over: Header): Header => ({
    alg: 'ECDH-ES',
    enc: 'A256GCM',
    cty: 'JWT',
    ...over,
  });

  it.each([
    ...REFUSED.map((alg) => [alg, { alg }, DEFAULTS] as const),
    ['an alg outside a narrowed list', { alg: 'ECDH-ES+A256KW' }, NARROW],
    ['an enc outside the defaults', { enc: 'A128CBC-HS256' }, DEFAULTS],
    ['an enc outside a narrowed list', { enc: 'A128GCM' }, NARROW],
  ] as const)('refuses %s with ERR_DECRYPTION_FAILED', async (_name, over, allowed) => {
    const error = await thrown(() => checkJweHeader(header(over), allowed));
    expect(error).toBeInstanceOf(JwtGuardError);
    expect(error?.code).toBe('ERR_DECRYPTION_FAILED');
  });

  it('passes what the lists hold', () => {
    expect(() => checkJweHeader(header({}), NARROW)).not.toThrow();
    expect(() => checkJweHeader(header({ alg: 'dir', enc: 'A128GCM' }), DEFAULTS)).not.toThrow();
  });
});

describe("jose's allowlists (second layer at request time)", () => {
  const joseCode = async (token: string, key: CryptoKey | Uint8Array, allowed = DEFAULTS) =>
    (await thrown(() => compactDecrypt(token, key, joseDecryptOptions(allowed))))?.code;

  it('refuses RSA1_5 with ERR_JOSE_ALG_NOT_ALLOWED, before the key is used', async () => {
    const token = await encrypt({ alg: 'RSA-OAEP-256' }, rsa.publicKey);
    const rsa15 = withHeader(token, { alg: 'RSA1_5', enc: 'A256GCM', cty: 'JWT' });
    expect(await joseCode(rsa15, rsa.privateKey)).toBe('ERR_JOSE_ALG_NOT_ALLOWED');
  });

  it.each(REFUSED.slice(1))('refuses %s with ERR_JOSE_ALG_NOT_ALLOWED', async (alg) => {
    const password = new TextEncoder().encode('correct horse battery staple');
    const token = await pbes2(alg);
    // The same token decrypts where a list admits it: the token is sound, the list refuses.
    await expect(
      compactDecrypt(token, password, { keyManagementAlgorithms: [alg] }),
    ).resolves.toBeDefined();
    expect(await joseCode(token, password)).toBe('ERR_JOSE_ALG_NOT_ALLOWED');
  });

  it('refuses an alg and an enc outside the lists with ERR_JOSE_ALG_NOT_ALLOWED', async () => {
    const wrapped = await encrypt({ alg: 'ECDH-ES+A256KW' });
    await expect(
      compactDecrypt(wrapped, ec.privateKey, joseDecryptOptions(DEFAULTS)),
    ).resolves.toBeDefined();
    expect(await joseCode(wrapped, ec.privateKey, NARROW)).toBe('ERR_JOSE_ALG_NOT_ALLOWED');
    const cbc = await encrypt({ enc: 'A128CBC-HS256' });
    expect(await joseCode(cbc, ec.privateKey)).toBe('ERR_JOSE_ALG_NOT_ALLOWED');
    expect(await joseCode(await encrypt({ enc: 'A128GCM' }), ec.privateKey, NARROW)).toBe(
      'ERR_JOSE_ALG_NOT_ALLOWED',
    );
  });

  it('refuses zip with ERR_JOSE_NOT_SUPPORTED instead of decompressing', async () => {
    expect(await joseCode(await encrypt({ zip: 'DEF' }), ec.privateKey)).toBe(
      'ERR_JOSE_NOT_SUPPORTED',
    );
  });

  it('passes the lists as copies, and decrypts what they allow', async () => {
    const options = joseDecryptOptions(NARROW);
    expect(options).toEqual({ ...NARROW, maxDecompressedLength: 0 });
    expect(options.keyManagementAlgorithms).not.toBe(NARROW.keyManagementAlgorithms);
    const { plaintext } = await compactDecrypt(await encrypt({}), ec.privateKey, options);
    expect(new TextDecoder().decode(plaintext)).toBe(jws);
  });
});

describe('the keys (a third layer for alg)', () => {
  it('hold no algorithm the list leaves out, so no key is chosen for one', async () => {
    const resolved = resolveDecryption({
      keys: [ec.privateKey, rsa.privateKey],
      keyManagementAlgorithms: ['ECDH-ES', 'RSA-OAEP-256'],
    });
    const keys = await Promise.all(resolved.keys.map(importDecryptionKey));
    const held = keys.flatMap((key) => [...key.byAlgorithm.keys()]);
    expect(held).toEqual(['ECDH-ES', 'RSA-OAEP-256']);
    for (const alg of [...REFUSED, 'ECDH-ES+A256KW', 'dir', 'RSA-OAEP']) {
      expect(selectKeys(keys, { alg, enc: 'A256GCM' }), alg).toEqual([]);
    }
    expect(selectKeys(keys, { alg: 'ECDH-ES', enc: 'A256GCM' })).toEqual([keys[0]]);
  });
});

describe('the decrypter answers from the first layer', () => {
  it('refuses an enc outside the list without a cause: jose was never asked', async () => {
    const decrypt = createTokenDecrypter(resolveDecryption({ keys: ec.privateKey }));
    const refused = await thrown(async () => decrypt(await encrypt({ enc: 'A128CBC-HS256' })));
    expect(refused).toBeInstanceOf(JwtGuardError);
    expect(refused?.code).toBe('ERR_DECRYPTION_FAILED');
    expect(refused?.cause).toBeUndefined();
    // Where jose does answer (a token for another key), its error is the cause.
    const other = await generateKeyPair('ECDH-ES');
    const foreign = await thrown(async () => decrypt(await encrypt({}, other.publicKey)));
    expect(foreign?.code).toBe('ERR_DECRYPTION_FAILED');
    expect((foreign?.cause as { code?: string } | undefined)?.code).toBe(
      'ERR_JWE_DECRYPTION_FAILED',
    );
  });
});
