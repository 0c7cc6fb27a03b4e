/**
 * Whether an EC public key's point lies on its curve (SEC 1 §3.2.2.1). Node's import
 * refuses a point off the curve, but not every runtime does (Deno imports it): the key set
 * checks every EC key itself, the same way everywhere.
 */
import { base64url } from 'jose';

interface Curve {
  readonly p: bigint;
  readonly b: bigint;
  readonly bytes: number;
}

// FIPS 186-4 §D.1.2: the NIST prime curves, y² = x³ − 3x + b (mod p).
const CURVES: Readonly<Record<string, Curve>> = {
  'P-256': {
    p: 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
    bytes: 32,
  },
  'P-384': {
    p: 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
    bytes: 48,
  },
  'P-521': {
    p: 2n ** 521n - 1n,
    b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
    bytes: 66,
  },
};

const toBigInt = (bytes: Uint8Array) => {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
};

/**
 * True when `x` and `y` (base64url, as in a JWK) are a point of the named curve, each of
 * the curve's exact length and below its prime. False for any other curve name.
 *
 * @example
 * ```ts
 * isPointOnCurve(jwk.crv, jwk.x, jwk.y); // false for a tampered y
 * ```
 */
export function isPointOnCurve(crv: unknown, x: unknown, y: unknown): boolean {
  const curve = typeof crv === 'string' ? CURVES[crv] : undefined;
  if (!curve || typeof x !== 'string' || typeof y !== 'string') return false;
  let xBytes: Uint8Array;
  let yBytes: Uint8Array;
  try {
    xBytes = base64url.decode(x);
    yBytes = base64url.decode(y);
  } catch {
    return false;
  }
  if (xBytes.length !== curve.bytes || yBytes.length !== curve.bytes) return false;
  const { p, b } = curve;
  const px = toBigInt(xBytes);
  const py = toBigInt(yBytes);
  if (px >= p || py >= p) return false;
  const right = (((px * px * px - 3n * px + b) % p) + p) % p;
  return (py * py) % p === right;
}
