/**
 * JWE against its floor: ours decrypting and verifying distinct encrypted tokens (every one a
 * first sight, `cache: false`) against node:crypto doing the same work by hand: the key
 * unwrap (RSA-OAEP-256) or agreement (ECDH-ES, Concat KDF), AES-256-GCM, the ES256 verify.
 */
import {
  constants,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  type JsonWebKey,
  KeyObject,
  privateDecrypt,
  verify,
} from 'node:crypto';
import { createVerifier } from '@jwt-guard/core';
import { encryptToken, generateEncryptionKey, type TestIssuer } from '@jwt-guard/testing';
import { median } from '../measure.js';
import { rateOf, takeTurns } from './timing.js';

/** The key managements measured. */
export const JWE_ALGS = ['RSA-OAEP-256', 'ECDH-ES'] as const;

/** Per algorithm: rates of ours and of the floor per round, and ours ÷ floor. */
export interface JweFloor {
  readonly alg: (typeof JWE_ALGS)[number];
  readonly ours: number[];
  readonly floor: number[];
  readonly share: number;
}

/** RFC 7518 §4.6.2: the Concat KDF of a direct ECDH-ES agreement for A256GCM, no apu/apv. */
function concatKdf(z: Buffer, enc: string): Buffer {
  const length = (n: number) => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
  return createHash('sha256')
    .update(length(1))
    .update(z)
    .update(length(enc.length))
    .update(enc)
    .update(length(0))
    .update(length(0))
    .update(length(256))
    .digest();
}

/** The floor for one token: unwrap, decrypt, verify, with keys ready. */
function floorOf(alg: JweFloor['alg'], privateKey: KeyObject, verifyKey: KeyObject) {
  return (jwe: string) => {
    const [h, ek, iv, ct, tag] = jwe.split('.') as [string, string, string, string, string];
    const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as {
      enc: string;
      epk?: JsonWebKey;
    };
    const cek =
      alg === 'RSA-OAEP-256'
        ? privateDecrypt(
            { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
            Buffer.from(ek, 'base64url'),
          )
        : concatKdf(
            diffieHellman({
              privateKey,
              publicKey: createPublicKey({ key: header.epk!, format: 'jwk' }),
            }),
            header.enc,
          );
    const decipher = createDecipheriv('aes-256-gcm', cek, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(h));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const jws = Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]);
    const dot = jws.lastIndexOf(46);
    const key = { key: verifyKey, dsaEncoding: 'ieee-p1363' as const };
    if (
      !verify(
        'sha256',
        jws.subarray(0, dot),
        key,
        Buffer.from(jws.subarray(dot + 1).toString(), 'base64url'),
      )
    ) {
      throw new Error('bad signature');
    }
  };
}

/**
 * Measures both key managements over `signed` (distinct ES256 tokens), `perRound` tokens
 * per cell and round.
 *
 * @example
 * ```ts
 * const rows = await measureJwe(issuer, es256Tokens, 7, 300);
 * ```
 */
export async function measureJwe(
  issuer: TestIssuer,
  signed: readonly string[],
  rounds: number,
  perRound: number,
): Promise<JweFloor[]> {
  const verifyKey = KeyObject.from(issuer.keys.find((k) => k.alg === 'ES256')!.publicKey);
  const rows: JweFloor[] = [];
  for (const alg of JWE_ALGS) {
    const key = await generateEncryptionKey(alg);
    const tokens = await Promise.all(
      signed.slice(0, perRound).map((jws) => encryptToken(jws, { key: key.publicJwk })),
    );
    const verifier = createVerifier({
      issuer: issuer.issuer,
      audience: issuer.audience,
      cache: false,
      decryption: { keys: [key.privateJwk] },
    });
    const floor = floorOf(
      alg,
      createPrivateKey({ key: key.privateJwk as JsonWebKey, format: 'jwk' }),
      verifyKey,
    );
    const cells = {
      ours: () => rateOf(tokens.length, (i) => verifier.verify(tokens[i]!)),
      floor: () => rateOf(tokens.length, (i) => floor(tokens[i]!)),
    };
    await takeTurns(1, cells);
    const rates = await takeTurns(rounds, cells);
    const shares = rates.ours!.map((rate, i) => rate / rates.floor![i]!);
    rows.push({ alg, ours: rates.ours!, floor: rates.floor!, share: median(shares) });
  }
  return rows;
}
