/**
 * Sender-constrained tokens: after a token verified (from the cache or not), the proof of
 * possession it calls for. A DPoP-bound token (`cnf.jkt`, RFC 9449) needs a valid proof of
 * the same key with every request, and is refused as Bearer; a certificate-bound token
 * (`cnf.x5t#S256`, RFC 8705) needs the client certificate it names.
 */
import type { JWTPayload } from 'jose';
import {
  createDpopProofVerifier,
  type DpopOptions,
  type DpopProofInput,
  type ResolvedDpop,
  resolveDpopOptions,
  type VerifiedDpopProof,
} from './dpop/index.js';
import { invalidProof } from './dpop/proof-error.js';
import { replayStoreFrom } from './dpop/replay-store-from.js';
import { requestUrl, resolvePublicOrigin } from './dpop/request-url.js';
import { createError, JwtGuardError } from './errors/jwt-guard-error.js';
import {
  certificateBindingFailure,
  certificateThumbprint,
  type MtlsOptions,
  type ResolvedMtls,
  resolveMtlsOptions,
} from './mtls/index.js';
import type { SharedStore } from './store/index.js';
import type { TokenSources } from './token/extract-token.js';

/**
 * Throws `ERR_DPOP_BOUND_AS_BEARER` for a DPoP-bound token (`cnf.jkt`) sent as a bearer
 * token: RFC 9449 §7.2 asks every resource server to refuse it, DPoP on or not.
 *
 * @example
 * ```ts
 * assertNotDpopBound(auth.payload); // on a Bearer request
 * ```
 */
export function assertNotDpopBound(payload: JWTPayload): void {
  // Read first, own-checked after: almost no token has a cnf, and this runs per request.
  const cnf = payload.cnf as unknown;
  if (cnf === undefined || !Object.hasOwn(payload, 'cnf')) return;
  if (typeof cnf === 'object' && cnf !== null && Object.hasOwn(cnf, 'jkt')) {
    throw createError('ERR_DPOP_BOUND_AS_BEARER');
  }
}

/**
 * Options of sender-constrained tokens: `jwtAuth`'s `binding` group.
 *
 * @example
 * ```ts
 * jwtAuth({ issuer, audience, binding: { dpop: {}, publicOrigin: 'https://api.example.com' } });
 * ```
 */
export interface BindingOptions {
  /** Accept DPoP (RFC 9449) beside Bearer, or alone with `required: true`. Default: off. */
  readonly dpop?: DpopOptions | undefined;
  /** Check certificate-bound tokens (RFC 8705) against the client certificate. */
  readonly mtls?: MtlsOptions | undefined;
  /**
   * The API's origin as clients reach it (`https://api.example.com`): DPoP's `htu` is
   * compared with it and the request target's path, and the `Host` header is not read at
   * all. Set it in production. Without it the URL is the request's own: the scheme (Express's
   * `trust proxy` and Koa's `app.proxy` honoured) and the `Host` header (on Koa behind a
   * trusted proxy, `X-Forwarded-Host`), which must then be a valid RFC 3986 authority or the
   * request is refused with 400 `invalid_request` (`ERR_REQUEST_URL_INVALID`).
   * Default: none.
   *
   * @example
   * ```ts
   * jwtAuth({ issuer, audience, binding: { dpop: {}, publicOrigin: 'https://api.example.com' } });
   * ```
   */
  readonly publicOrigin?: string | undefined;
}

/** {@link BindingOptions}, and the fleet's store that keeps DPoP proofs' `jti`s. */
export interface SenderBindingOptions extends BindingOptions {
  /** A store shared by a fleet: DPoP proofs' `jti`s go there unless `dpop.replayStore` is set. */
  readonly store?: SharedStore | undefined;
}

// RFC 9449 §8: a nonce refusal carries a fresh nonce for the client's next proof.
async function withFreshNonce(
  verifyProof: (input: DpopProofInput) => Promise<VerifiedDpopProof>,
  input: DpopProofInput,
  dpop: ResolvedDpop | undefined,
): Promise<VerifiedDpopProof> {
  try {
    return await verifyProof(input);
  } catch (error) {
    if (
      error instanceof JwtGuardError &&
      error.code === 'ERR_DPOP_NONCE_REQUIRED' &&
      dpop?.nonces
    ) {
      throw createError('ERR_DPOP_NONCE_REQUIRED', {
        dpopNonce: await dpop.nonces.issue(input.nowMs),
        dpopReason: 'nonce',
      });
    }
    throw error;
  }
}

// A replay seen by one instance must be refused by all: the fleet's store keeps the jtis.
function withSharedReplay(options: SenderBindingOptions): unknown {
  const { dpop, store } = options;
  if (store === undefined || typeof dpop !== 'object' || dpop === null || dpop.replayStore) {
    return dpop;
  }
  return { ...dpop, replayStore: replayStoreFrom(store) };
}

/**
 * The sender-binding checks of one authenticator, prepared once by
 * {@link prepareSenderBinding} and passed to {@link checkBinding} on every request.
 */
export interface SenderBindingPlan {
  readonly dpop: ResolvedDpop | undefined;
  readonly mtls: ResolvedMtls | undefined;
  /** @internal The API's origin as clients reach it, when configured. */
  readonly publicOrigin: string | undefined;
  /** @internal The DPoP proof check, when DPoP is on. */
  readonly verifyProof: ((input: DpopProofInput) => Promise<VerifiedDpopProof>) | undefined;
}

/**
 * Validates the options (a `TypeError` names the option, after `prefix`: `binding.` in
 * `jwtAuth`'s options) and prepares the checks.
 *
 * @example
 * ```ts
 * const binding = prepareSenderBinding({ dpop: { nonce: true } });
 * await checkBinding(binding, payload, token, 'DPoP', sources, Date.now());
 * ```
 */
export function prepareSenderBinding(
  options: SenderBindingOptions,
  prefix = '',
): SenderBindingPlan {
  const dpop =
    options.dpop === undefined
      ? undefined
      : resolveDpopOptions(withSharedReplay(options), `${prefix}dpop`);
  const mtls =
    options.mtls === undefined ? undefined : resolveMtlsOptions(options.mtls, `${prefix}mtls`);
  const publicOrigin = resolvePublicOrigin(options.publicOrigin, `${prefix}publicOrigin`);
  const verifyProof = dpop ? createDpopProofVerifier(dpop) : undefined;
  return Object.freeze({ dpop, mtls, publicOrigin, verifyProof });
}

/**
 * Checks what `payload`'s `cnf` and the request's scheme call for: `undefined` when there
 * is nothing to check (a plain Bearer token: no promise), else a promise that rejects with
 * a `JwtGuardError`. Runs on every request, cache hits included.
 *
 * @example
 * ```ts
 * await checkBinding(binding, auth.payload, token, 'DPoP', sources, Date.now());
 * ```
 */
export function checkBinding(
  plan: SenderBindingPlan,
  payload: JWTPayload,
  token: string,
  scheme: 'Bearer' | 'DPoP',
  sources: TokenSources,
  nowMs: number,
): Promise<void> | undefined {
  const { mtls } = plan;
  const hasCnf = Object.hasOwn(payload, 'cnf');
  const cnf = hasCnf ? (payload.cnf as unknown) : undefined;
  const bound =
    typeof cnf === 'object' && cnf !== null && !Array.isArray(cnf)
      ? (cnf as Record<string, unknown>)
      : undefined;
  const jkt = bound && Object.hasOwn(bound, 'jkt') ? bound.jkt : undefined;
  // A `cnf` that is not an object claims a binding nobody can check: refused.
  const needsCertificate =
    mtls !== undefined &&
    (mtls.required ||
      (hasCnf && bound === undefined) ||
      (bound !== undefined && Object.hasOwn(bound, 'x5t#S256')));
  if (scheme === 'Bearer') {
    assertNotDpopBound(payload);
    return needsCertificate ? checkCertificate(mtls, payload, sources) : undefined;
  }
  return checkProof(plan, jkt, token, sources, nowMs).then(() =>
    needsCertificate ? checkCertificate(mtls, payload, sources) : undefined,
  );
}

async function checkProof(
  plan: SenderBindingPlan,
  jkt: unknown,
  token: string,
  sources: TokenSources,
  nowMs: number,
): Promise<void> {
  // The URL first: a Host that is no authority is the request's fault, whatever the proof.
  const url = requestUrl(sources.address, plan.publicOrigin);
  const proofs = sources.dpop;
  const proof = typeof proofs === 'string' ? proofs : proofs?.length === 1 ? proofs[0] : undefined;
  // RFC 9449 §4.3: exactly one DPoP header.
  if (plan.verifyProof === undefined || proof === undefined) {
    throw invalidProof('malformed', 'exactly one DPoP header is required');
  }
  if (typeof sources.method !== 'string') throw invalidProof('htm', 'no request method');
  const input = { proof, method: sources.method, url, accessToken: token, nowMs };
  const { jkt: jwkThumbprint } = await withFreshNonce(plan.verifyProof, input, plan.dpop);
  // RFC 9449 §7.1: the token must be bound to the proof's key.
  if (typeof jkt !== 'string' || jkt !== jwkThumbprint) {
    throw createError('ERR_DPOP_BINDING_MISMATCH');
  }
}

async function checkCertificate(
  mtls: ResolvedMtls,
  payload: JWTPayload,
  sources: TokenSources,
): Promise<void> {
  const presented = sources.certificate;
  const thumbprint =
    presented?.thumbprint ??
    (presented?.der ? await certificateThumbprint(presented.der) : undefined);
  if (certificateBindingFailure(payload as { cnf?: unknown }, thumbprint, mtls)) {
    throw createError('ERR_CERTIFICATE_MISMATCH');
  }
}

/** The checks of one authenticator, as an object. */
export interface SenderBinding {
  readonly dpop: ResolvedDpop | undefined;
  readonly mtls: ResolvedMtls | undefined;
  /** {@link checkBinding} with these checks. */
  check(
    payload: JWTPayload,
    token: string,
    scheme: 'Bearer' | 'DPoP',
    sources: TokenSources,
    nowMs: number,
  ): Promise<void> | undefined;
}

/**
 * {@link prepareSenderBinding} and {@link checkBinding} as one object.
 *
 * @example
 * ```ts
 * const binding = createSenderBinding({ dpop: { nonce: true } });
 * await binding.check(payload, token, 'DPoP', sources, Date.now());
 * ```
 */
export function createSenderBinding(options: SenderBindingOptions): SenderBinding {
  const plan = prepareSenderBinding(options);
  return {
    dpop: plan.dpop,
    mtls: plan.mtls,
    check: (payload, token, scheme, sources, nowMs) =>
      checkBinding(plan, payload, token, scheme, sources, nowMs),
  };
}
