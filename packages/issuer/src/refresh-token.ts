/**
 * Refresh tokens on the wire: opaque, `jgr_` + family id + `.` + a 256-bit secret, and the
 * SHA-256 hash that is all the store ever holds of one (RFC 9700 §4.14: a store that leaks
 * must not leak usable refresh tokens).
 */
import { base64url } from 'jose';
import { loadNodeCrypto } from './node-signer.js';

/** The prefix secret scanners can match on. */
export const REFRESH_TOKEN_PREFIX = 'jgr_';
// 16 random bytes for the family id (22 base64url chars), 32 for the secret (43 chars).
const FORMAT = /^jgr_([A-Za-z0-9_-]{22})\.[A-Za-z0-9_-]{43}$/;

// On Node, hashing in node:crypto is synchronous; WebCrypto's digest runs on the thread
// pool, and waiting for it took about a quarter of issue()'s time.
const nodeCrypto = loadNodeCrypto();

const encode = (bytes: Uint8Array) =>
  nodeCrypto ? nodeCrypto.Buffer.from(bytes).toString('base64url') : base64url.encode(bytes);
// A Node Buffer over the bytes themselves: encoding a range copies nothing.
const encodeRange = (bytes: Uint8Array, start: number, end: number) =>
  nodeCrypto
    ? nodeCrypto.Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString(
        'base64url',
      )
    : base64url.encode(bytes.subarray(start, end));
const randomPart = (bytes: number) => encode(crypto.getRandomValues(new Uint8Array(bytes)));

/**
 * A new family id: 128 bits from the platform's CSPRNG.
 *
 * @example
 * ```ts
 * const familyId = newFamilyId();
 * ```
 */
export function newFamilyId(): string {
  return randomPart(16);
}

/**
 * A new refresh token of family `familyId`, with a fresh 256-bit secret (RFC 6749 §10.10).
 *
 * @example
 * ```ts
 * const token = mintRefreshToken(newFamilyId());
 * ```
 */
export function mintRefreshToken(familyId: string): string {
  return `${REFRESH_TOKEN_PREFIX}${familyId}.${randomPart(32)}`;
}

/** Bytes from the platform's CSPRNG, `count` at a time. */
export type RandomBytes = (count: number) => Uint8Array;

const drawEach: RandomBytes = (count) => crypto.getRandomValues(new Uint8Array(count));

/**
 * CSPRNG bytes drawn a block at a time, as Node's own `randomUUID` does: each draw costs
 * about as much as signing a fifth of a token whatever its size, so one 4 KiB draw serves
 * some eighty logins. Every byte is handed out once and zeroed in the block as it goes.
 * Keep one per issuer (no state is shared between instances).
 *
 * @example
 * ```ts
 * const random = createRandomBytes();
 * const { token } = newRefreshToken(random);
 * ```
 */
export function createRandomBytes(blockBytes = 4096): RandomBytes {
  let block: Uint8Array = new Uint8Array(0);
  let offset = 0;
  return (count) => {
    if (count > blockBytes) return drawEach(count);
    if (offset + count > block.length) {
      block = drawEach(blockBytes);
      offset = 0;
    }
    const bytes = block.slice(offset, offset + count);
    block.fill(0, offset, offset + count);
    offset += count;
    return bytes;
  };
}

/**
 * The first refresh token of a new family: its family id (128 bits) and secret (256 bits)
 * come from one draw of `random`.
 *
 * @example
 * ```ts
 * const { familyId, token } = newRefreshToken();
 * ```
 */
export function newRefreshToken(random: RandomBytes = drawEach): {
  readonly familyId: string;
  readonly token: string;
} {
  const bytes = random(48);
  const familyId = encodeRange(bytes, 0, 16);
  return { familyId, token: `${REFRESH_TOKEN_PREFIX}${familyId}.${encodeRange(bytes, 16, 48)}` };
}

/**
 * The family id of `token`, or undefined when it is not a refresh token of ours; the family
 * id lets one store read find the family.
 *
 * @example
 * ```ts
 * const familyId = familyIdOf(token); // undefined for garbage
 * ```
 */
export function familyIdOf(token: unknown): string | undefined {
  if (typeof token !== 'string') return undefined;
  return FORMAT.exec(token)?.[1];
}

/**
 * SHA-256 of `value`, base64url: what the store keeps instead of a refresh token (and of a
 * subject, in the subject index key).
 *
 * @example
 * ```ts
 * const hash = await sha256(token);
 * ```
 */
export async function sha256(value: string): Promise<string> {
  if (nodeCrypto) return nodeCrypto.hash('sha256', value, 'base64url');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value));
  return base64url.encode(new Uint8Array(digest));
}
