/**
 * The Node fast path of signature verification: jose still parses the header and selects
 * and imports keys (through the key source), but the signature is checked by `node:crypto`
 * on a cached `KeyObject`, which costs a fraction of WebCrypto's per-call overhead in Node.
 * With nothing else in flight it verifies synchronously (no thread-pool round trip); under
 * concurrency it uses the thread pool, keeping the event loop free.
 */
import {
  base64url,
  decodeProtectedHeader,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from 'jose';
import { isCanonicalSegment } from '../compact-token.js';
import type { ErrorCode } from '../errors/codes.js';
import { createError, type JwtGuardError } from '../errors/jwt-guard-error.js';
import { checkProtectedHeader } from '../header-policy.js';
import type { KeySource } from '../keys/key-source.js';
import { claimsFailure, timeSanityFailure } from '../validate-claims.js';
import type { ResolvedVerifierOptions } from '../verifier-options.js';
import type { SignedTokenResult, VerifySignedToken } from '../verify-signed-token.js';
import type { NodeCrypto, NodeKeyObject } from './node-crypto.js';

type SignatureScheme = { hash: string | null; options: Record<string, unknown>; rsa?: true };

const MAX_REMEMBERED_HEADERS = 256;

/**
 * Prepares the Node path once. Asymmetric algorithms only; HMAC stays on jose. `fallback`
 * (the jose path) takes over for good if this runtime's `node:crypto` turns out unable.
 *
 * @example
 * ```ts
 * const verifySigned = createNodeSignedTokenVerifier(resolved, keySource, loadNodeCrypto()!, joseVerifier);
 * ```
 */
export function createNodeSignedTokenVerifier(
  options: ResolvedVerifierOptions,
  keySource: KeySource,
  nodeCrypto: NodeCrypto,
  fallback: VerifySignedToken,
): VerifySignedToken {
  const { realm, requireAtJwt, clockTolerance } = options;
  const allowed = new Set(options.algorithms);
  const rules = { ...options, audience: options.audience };
  // Keys from the key source are pinned to one algorithm, so one input per key suffices.
  const keyObjects = new WeakMap<CryptoKey, { key: NodeKeyObject }>();
  const pss = nodeCrypto.constants.RSA_PKCS1_PSS_PADDING;
  const schemes: Record<string, SignatureScheme> = {
    RS256: { hash: 'sha256', options: {}, rsa: true },
    RS384: { hash: 'sha384', options: {}, rsa: true },
    RS512: { hash: 'sha512', options: {}, rsa: true },
    PS256: { hash: 'sha256', options: { padding: pss, saltLength: 32 }, rsa: true },
    PS384: { hash: 'sha384', options: { padding: pss, saltLength: 48 }, rsa: true },
    PS512: { hash: 'sha512', options: { padding: pss, saltLength: 64 }, rsa: true },
    ES256: { hash: 'sha256', options: { dsaEncoding: 'ieee-p1363' } },
    ES384: { hash: 'sha384', options: { dsaEncoding: 'ieee-p1363' } },
    ES512: { hash: 'sha512', options: { dsaEncoding: 'ieee-p1363' } },
    EdDSA: { hash: null, options: {} },
    Ed25519: { hash: null, options: {} },
  };
  const encoder = new TextEncoder();
  const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
  let pending = 0;
  let usable = true;
  // Node's Buffer decodes base64url natively, several times faster than jose's atob-based
  // decoder on Node 20; the canonical-form check before us makes both read the same bytes.
  const NodeBuffer = (
    globalThis as {
      Buffer?: { from(text: string, encoding: 'base64url' | 'latin1'): Uint8Array };
    }
  ).Buffer;
  const decodeBase64url = NodeBuffer
    ? (text: string) => NodeBuffer.from(text, 'base64url')
    : base64url.decode;
  // A segment is canonical exactly when encoding its bytes gives it back: there is one
  // canonical spelling per byte string, and Buffer's lenient decoder reads any other
  // spelling (padding, +/, stray characters, trailing bits) to bytes that encode
  // differently. Two native encodes cost less than a regular expression over the token.
  const encodeBase64url = (bytes: Uint8Array) =>
    NodeBuffer
      ? (bytes as { toString(encoding: 'base64url'): string }).toString('base64url')
      : base64url.encode(bytes);
  const decodeCanonical = (text: string): Uint8Array => {
    let bytes: Uint8Array | undefined;
    try {
      bytes = decodeBase64url(text);
    } catch {
      // jose's decoder (no Buffer) throws where Buffer's skips: refused just below.
    }
    if (bytes === undefined || text.length === 0 || encodeBase64url(bytes) !== text) {
      return fail('ERR_TOKEN_MALFORMED');
    }
    return bytes;
  };
  // The signing input is ASCII (the canonical-form check ran first), so latin1 gives the
  // same bytes as UTF-8, by a plain copy.
  const asciiBytes = NodeBuffer
    ? (text: string) => NodeBuffer.from(text, 'latin1')
    : (text: string) => encoder.encode(text);

  const fail = (code: ErrorCode, cause?: unknown): never => {
    throw createError(code, { realm, cause });
  };

  // One KeyObject per imported key, converted once: the conversion costs more than a verify.
  const keyInputOf = (key: CryptoKey, scheme: SignatureScheme) => {
    let keyInput = keyObjects.get(key);
    if (!keyInput) {
      keyInput = { key: nodeCrypto.KeyObject.from(key), ...scheme.options };
      keyObjects.set(key, keyInput);
    }
    return keyInput;
  };

  // Alone, a synchronous verify is fastest (no thread-pool round trip); with others under
  // way, the thread pool runs them in parallel off the event loop.
  const verifySignature = (
    scheme: SignatureScheme,
    data: Uint8Array,
    keyInput: object,
    signature: Uint8Array,
  ) => {
    if (pending <= 1) return nodeCrypto.verify(scheme.hash, data, keyInput, signature);
    return new Promise<boolean>((resolve, reject) => {
      nodeCrypto.verify(scheme.hash, data, keyInput, signature, (error, ok) =>
        error ? reject(error) : resolve(ok),
      );
    });
  };

  // Every token a key signs carries the same header string: parse and judge it once. The
  // verdict is a pure function of those bytes; the map is bounded against junk headers.
  const headers = new Map<
    string,
    { header: ProtectedHeaderParameters; scheme: SignatureScheme } | ErrorCode
  >();
  const judgeHeader = (segment: string) => {
    if (!isCanonicalSegment(segment)) return fail('ERR_TOKEN_MALFORMED');
    let header: ProtectedHeaderParameters;
    try {
      header = decodeProtectedHeader(`${segment}..`) as ProtectedHeaderParameters;
    } catch (cause) {
      return fail('ERR_TOKEN_MALFORMED', cause);
    }
    checkCritical(header, fail);
    const alg = header.alg;
    if (typeof alg !== 'string' || alg === '') return fail('ERR_TOKEN_MALFORMED');
    const scheme = schemes[alg];
    if (!allowed.has(alg) || !scheme) return fail('ERR_ALGORITHM_NOT_ALLOWED');
    checkProtectedHeader(header, requireAtJwt, realm);
    return { header: Object.freeze(header), scheme };
  };
  const readHeader = (segment: string) => {
    let verdict = headers.get(segment);
    if (verdict === undefined) {
      try {
        verdict = judgeHeader(segment);
      } catch (error) {
        verdict = (error as JwtGuardError).code;
      }
      if (headers.size >= MAX_REMEMBERED_HEADERS) headers.clear();
      headers.set(segment, verdict);
    }
    return typeof verdict === 'string' ? fail(verdict) : verdict;
  };

  // One async function per token, not two: each layer costs a promise and a microtask.
  return async (token, nowMs, context): Promise<SignedTokenResult> => {
    if (!usable) return fallback(token, nowMs, context);
    pending += 1;
    try {
      const firstDot = token.indexOf('.');
      const secondDot = firstDot === -1 ? -1 : token.indexOf('.', firstDot + 1);
      if (secondDot === -1) return fail('ERR_TOKEN_MALFORMED');
      // Both decoded up front, so that a malformed token is refused as such before any key
      // lookup, as on the jose path. A third dot is no base64url and fails the round trip.
      const payloadBytes = decodeCanonical(token.slice(firstDot + 1, secondDot));
      const signature = decodeCanonical(token.slice(secondDot + 1));
      const { header, scheme } = readHeader(token.slice(0, firstDot));
      const { key, version } =
        keySource.peekKey?.(header, context) ?? (await keySource.getKey(header, context));
      if (key instanceof Uint8Array) return fail('ERR_KEY_NOT_FOUND');

      const keyInput = keyInputOf(key, scheme);
      if (scheme.rsa) {
        if ((keyInput.key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048)
          return fail('ERR_TOKEN_MALFORMED');
      }
      let valid: boolean;
      try {
        valid = await verifySignature(
          scheme,
          asciiBytes(token.slice(0, secondDot)),
          keyInput,
          signature,
        );
      } catch {
        // Node answers any bad signature with false; a throw means this runtime's node:crypto
        // cannot do what we ask (workerd's nodejs_compat refuses a KeyObject in an options
        // object). It is no verdict on the token: let jose decide, and stay with jose.
        usable = false;
        return fallback(token, nowMs, context);
      }
      if (!valid) return fail('ERR_SIGNATURE_INVALID');

      let payload: JWTPayload;
      try {
        payload = JSON.parse(strictUtf8.decode(payloadBytes));
      } catch {
        // No cause: JSON.parse quotes the text it choked on, and these are the claims.
        return fail('ERR_TOKEN_MALFORMED');
      }
      if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
        return fail('ERR_TOKEN_MALFORMED');
      const nowSeconds = Math.floor(nowMs / 1000);
      const failure =
        claimsFailure(payload, rules, nowSeconds) ??
        timeSanityFailure(payload, nowMs / 1000, clockTolerance);
      if (failure) return fail(failure);
      return { payload, header, keyVersion: version };
    } finally {
      pending -= 1;
    }
  };
}

// RFC 7515 §4.1.11, in jose's order and with jose's outcome: a malformed `crit` is a
// malformed token; one naming anything but `b64` names an extension nobody implements.
function checkCritical(header: ProtectedHeaderParameters, fail: (code: ErrorCode) => never): void {
  const crit = header.crit as unknown;
  if (crit === undefined) return;
  if (
    !Array.isArray(crit) ||
    crit.length === 0 ||
    crit.some((p) => typeof p !== 'string' || p === '')
  ) {
    fail('ERR_TOKEN_MALFORMED');
  }
  for (const parameter of crit as string[]) {
    if (parameter !== 'b64') fail('ERR_HEADER_INVALID');
    if (typeof header.b64 !== 'boolean') fail('ERR_TOKEN_MALFORMED');
  }
}
