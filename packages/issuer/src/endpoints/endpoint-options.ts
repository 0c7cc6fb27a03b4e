/**
 * The options of the token endpoints, validated once at creation: every mistake is a
 * `TypeError` naming the option, never a per-request failure.
 */
import type { DpopNonces } from '@jwt-guard/core/dpop';
import {
  createDpopProofVerifier,
  type DpopProofInput,
  resolveDpopOptions,
  type VerifiedDpopProof,
} from '@jwt-guard/core/dpop';
import { replayStoreFrom } from '@jwt-guard/core/store';
import type { TokenIssuer } from '../token-issuer.js';
import { csrfHeaderOf } from './csrf.js';
import type { TokenEndpointsOptions } from './types.js';

/** {@link TokenEndpointsOptions} validated, with every default filled in. */
export interface ResolvedEndpoints {
  readonly authenticate: TokenEndpointsOptions['authenticate'];
  readonly rateLimit: TokenEndpointsOptions['rateLimit'] | undefined;
  readonly onError: TokenEndpointsOptions['onError'] | undefined;
  /** Browser mode. */
  readonly cookie: boolean;
  /** The CSRF header's name, lower case. */
  readonly csrfHeader: string;
  readonly clientId: string;
  /** `''` or `/segment...` without a trailing slash. */
  readonly basePath: string;
  readonly maxBodyBytes: number;
  /** The issuer's origin: what a browser's `Origin` header must equal. */
  readonly origin: string;
  /** The issuer URL without trailing slash, then `basePath`: the prefix of every `htu`. */
  readonly publicBase: string;
  /** Seconds a JWKS response may be cached. */
  readonly jwksMaxAge: number;
  readonly dpopRequired: boolean;
  /** The proof algorithms the app chose, for the metadata; `undefined` for the default. */
  readonly dpopAlgorithms: readonly string[] | undefined;
  /** Server nonces (RFC 9449 §8), when on. */
  readonly dpopNonces: DpopNonces | undefined;
  readonly verifyProof: (input: DpopProofInput) => Promise<VerifiedDpopProof>;
}

/** Default body limit: a login form or a refresh request is far below it. */
export const DEFAULT_MAX_BODY_BYTES = 16_384;
// Managed keys change only when the app redeploys them; five minutes keeps that visible soon.
const MANAGED_JWKS_MAX_AGE = 300;
// A path of plain segments, none starting with a dot (so no `.` or `..`), and no query,
// fragment or percent-escape to misread.
const BASE_PATH = /^(\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*$/;
const KNOWN = new Set([
  'authenticate',
  'cookie',
  'csrf',
  'clientId',
  'basePath',
  'rateLimit',
  'onError',
  'maxBodyBytes',
  'dpop',
]);

const fail = (option: string, rule: string): never => {
  throw new TypeError(`jwt-guard: option "${option}" ${rule}`);
};

function optionalFunction<T>(value: T, option: string): T | undefined {
  if (value !== undefined && typeof value !== 'function') fail(option, 'must be a function');
  return value;
}

function basePathOf(basePath: unknown): string {
  if (basePath === undefined) return '';
  if (typeof basePath !== 'string') return fail('basePath', 'must be a string');
  const trimmed = basePath === '/' ? '' : basePath;
  if (!BASE_PATH.test(trimmed)) {
    fail('basePath', 'must be empty or "/segment[/segment...]" without a trailing slash');
  }
  return trimmed;
}

function jwksMaxAgeOf(tokens: TokenIssuer): number {
  const keys = tokens.options.keys;
  // A verifier caching the set longer than half of publishAhead could miss the next key.
  return keys.kind === 'ring' ? Math.floor(keys.publishAheadMs / 2000) : MANAGED_JWKS_MAX_AGE;
}

/**
 * Validates `options` for the endpoints of `tokens`; throws a `TypeError` naming the
 * option at fault. Never mutates `options`.
 *
 * @example
 * ```ts
 * const resolved = resolveEndpointOptions(tokens, { authenticate, cookie: true });
 * ```
 */
export function resolveEndpointOptions(
  tokens: TokenIssuer,
  options: TokenEndpointsOptions,
): ResolvedEndpoints {
  if (typeof tokens !== 'object' || tokens === null || typeof tokens.issue !== 'function') {
    fail('tokens', 'must be a TokenIssuer from createTokenIssuer()');
  }
  if (typeof options !== 'object' || options === null) fail('options', 'must be an object');
  for (const name of Object.keys(options)) {
    if (!KNOWN.has(name)) fail(name, 'is not a token endpoints option');
  }
  if (typeof options.authenticate !== 'function') fail('authenticate', 'must be a function');
  if (options.cookie !== undefined && typeof options.cookie !== 'boolean') {
    fail('cookie', 'must be a boolean');
  }
  const clientId = options.clientId ?? 'first-party';
  if (typeof clientId !== 'string' || clientId.trim() === '') {
    fail('clientId', 'must be a non-empty string');
  }
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 256) {
    fail('maxBodyBytes', 'must be an integer of at least 256');
  }
  if (options.dpop !== undefined && (typeof options.dpop !== 'object' || options.dpop === null)) {
    fail('dpop', 'must be an object');
  }
  // The issuer's store by default: a proof replayed at another instance of a fleet is refused.
  const dpop = resolveDpopOptions({
    replayStore: replayStoreFrom(tokens.options.store),
    ...options.dpop,
  });
  const basePath = basePathOf(options.basePath);
  const issuer = tokens.options.issuer.replace(/\/+$/, '');
  return Object.freeze({
    authenticate: options.authenticate,
    rateLimit: optionalFunction(options.rateLimit, 'rateLimit'),
    onError: optionalFunction(options.onError, 'onError'),
    cookie: options.cookie === true,
    csrfHeader: csrfHeaderOf(options.csrf),
    clientId,
    basePath,
    maxBodyBytes,
    origin: new URL(issuer).origin,
    publicBase: `${issuer}${basePath}`,
    jwksMaxAge: jwksMaxAgeOf(tokens),
    dpopRequired: dpop.required,
    dpopAlgorithms: options.dpop?.algorithms === undefined ? undefined : dpop.algorithms,
    dpopNonces: dpop.nonces,
    verifyProof: createDpopProofVerifier(dpop),
  });
}
