/**
 * Server-provided DPoP nonces (RFC 9449 §8, §9), stateless: a nonce is a time step and its
 * HMAC, so any process that holds the secret can check it without a shared store.
 */
import { base64url } from 'jose';
import { optionError } from '../options/option-error.js';
import { decodeCanonical, hasNodeBuffer } from '../token/base64url.js';
import { createNonceMac } from './nonce-mac.js';

/**
 * The response header that carries a fresh nonce (RFC 9449 §8.1).
 *
 * @example
 * ```ts
 * response.headers.set(DPOP_NONCE_HEADER, await nonces.issue(Date.now()));
 * ```
 */
export const DPOP_NONCE_HEADER = 'DPoP-Nonce';

/**
 * Issues and checks server nonces.
 *
 * @example
 * ```ts
 * const nonces = createDpopNonces();
 * const nonce = await nonces.issue(Date.now());
 * await nonces.accepts(nonce, Date.now()); // true
 * ```
 */
export interface DpopNonces {
  /** A fresh nonce to send in DPoP-Nonce. */
  issue(nowMs: number): Promise<string>;
  /** Whether a nonce from a proof is one of ours and still fresh. */
  accepts(nonce: string, nowMs: number): Promise<boolean>;
}

/**
 * Options of {@link createDpopNonces}.
 *
 * @example
 * ```ts
 * const options: DpopNoncesOptions = { secret: sharedSecretBytes, lifetimeSeconds: 120 };
 * ```
 */
export interface DpopNoncesOptions {
  /**
   * The HMAC key, at least 32 bytes. Default: 32 random bytes drawn once per call, so give
   * every process behind one API the same secret, or a nonce issued by one is refused by
   * the others.
   */
  readonly secret?: Uint8Array;
  /** Length of a time step in seconds; a nonce is accepted for one to two steps. Default 300. */
  readonly lifetimeSeconds?: number;
}

const STEP_BYTES = 8;
const MAC_BYTES = 32;
// base64url of 40 bytes, without padding.
const NONCE_SHAPE = /^[A-Za-z0-9_-]{54}$/;

function stepBytes(step: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(STEP_BYTES);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(step));
  return bytes;
}

// One spelling per nonce: the last character carries 4 bits that encode nothing. Node's
// Buffer decodes and re-encodes in native code, a few times faster than jose's decoder.
function decodeNonce(nonce: string): Uint8Array | undefined {
  if (hasNodeBuffer) return decodeCanonical(nonce);
  const bytes = base64url.decode(nonce);
  return base64url.encode(bytes) === nonce ? bytes : undefined;
}

/**
 * Creates stateless nonces: `base64url(time step ‖ HMAC-SHA256(secret, time step))`, the
 * time step being 8 bytes, big-endian. A nonce is accepted during its own step and the
 * next, so for at least `lifetimeSeconds` and at most twice that. Nonces are not single-use:
 * replay is the `jti` check's job; a nonce only bounds how far ahead a proof can be made.
 *
 * @example
 * ```ts
 * const nonces = createDpopNonces({ secret: sharedSecretBytes, lifetimeSeconds: 120 });
 * const dpop = resolveDpopOptions({ nonce: nonces });
 * ```
 */
export function createDpopNonces(options: DpopNoncesOptions = {}): DpopNonces {
  if (typeof options !== 'object' || options === null) {
    throw optionError('dpop.nonce', 'options must be an object');
  }
  const { secret, lifetimeSeconds = 300 } = options;
  if (secret !== undefined && (!(secret instanceof Uint8Array) || secret.length < 32)) {
    // RFC 2104 §3: a key shorter than the hash output weakens the MAC.
    throw optionError('dpop.nonce.secret', 'must be a Uint8Array of at least 32 bytes');
  }
  const finite = typeof lifetimeSeconds === 'number' && Number.isFinite(lifetimeSeconds);
  if (!finite || lifetimeSeconds <= 0) {
    throw optionError('dpop.nonce.lifetimeSeconds', 'must be a positive, finite number');
  }
  // A copy: the caller may reuse or wipe its buffer.
  const keyBytes =
    secret === undefined ? crypto.getRandomValues(new Uint8Array(32)) : new Uint8Array(secret);
  const stepMs = lifetimeSeconds * 1000;
  const mac = createNonceMac(keyBytes);
  const stepAt = (nowMs: number) => Math.floor(nowMs / stepMs);

  return {
    async issue(nowMs) {
      const step = stepBytes(stepAt(nowMs));
      const nonce = new Uint8Array(STEP_BYTES + MAC_BYTES);
      nonce.set(step);
      nonce.set(await mac.sign(step), STEP_BYTES);
      return base64url.encode(nonce);
    },
    async accepts(nonce, nowMs) {
      if (typeof nonce !== 'string' || !NONCE_SHAPE.test(nonce)) return false;
      const bytes = decodeNonce(nonce);
      if (bytes === undefined) return false;
      const step = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0));
      const current = stepAt(nowMs);
      if (step !== current && step !== current - 1) return false;
      return mac.verify(
        new Uint8Array(bytes.subarray(STEP_BYTES)),
        new Uint8Array(bytes.subarray(0, STEP_BYTES)),
      );
    },
  };
}
