/**
 * One issuer's introspection: the cache first, then one call per token at a time (single
 * flight) to the endpoint, found once from the issuer's metadata unless configured. The
 * answer is an active token's claims, or a refusal: `ERR_TOKEN_INACTIVE` (401) for
 * `active: false`, `ERR_INTROSPECTION_UNAVAILABLE` (503 with `Retry-After`) when the
 * endpoint cannot answer, times out, fails, or is in its backoff.
 */
import type { JWTPayload } from 'jose';
import { createError } from '../errors/jwt-guard-error.js';
import { discoverEndpoint } from '../keys/discovery.js';
import type { SharedStore } from '../store/shared-store.js';
import { createIntrospectionCache, type IntrospectionAnswer } from './introspection-cache.js';
import { callIntrospection } from './introspection-request.js';
import { readIntrospectionAnswer, type VerifyJwtResponse } from './introspection-response.js';
import type { IntrospectedTokens, ResolvedIntrospection } from './options.js';
import { createRetryBackoff, type RetryBackoff } from './retry-backoff.js';
import { tokenHash } from './token-format.js';

/** An active token's claims, and whether the cache answered. */
export interface Introspected {
  readonly claims: JWTPayload;
  readonly cached: boolean;
}

/** One issuer's introspection. */
export interface Introspector {
  readonly tokens: IntrospectedTokens;
  /** The claims of `token` when it is active; rejects with a `JwtGuardError` otherwise. */
  introspect(token: string): Promise<Introspected>;
}

/** What an introspector is built from, besides its options. */
export interface IntrospectorContext {
  readonly issuer: string;
  readonly fetch: typeof fetch;
  readonly store: SharedStore | undefined;
  readonly now: () => number;
  /** Largest metadata document read, for discovery. */
  readonly maxMetadataBytes: number;
  readonly verifyJwt: VerifyJwtResponse;
}

/**
 * Creates the introspector of one issuer. Nothing is fetched until the first token.
 *
 * @example
 * ```ts
 * const introspector = createIntrospector(resolved, { issuer, fetch, store, now: Date.now, maxMetadataBytes: 262_144, verifyJwt });
 * const { claims } = await introspector.introspect(token);
 * ```
 */
export function createIntrospector(
  options: ResolvedIntrospection,
  context: IntrospectorContext,
): Introspector {
  const cache = createIntrospectionCache({
    issuer: context.issuer,
    maxEntries: options.cacheMaxEntries,
    cacheMaxAge: options.cacheMaxAge,
    inactiveCacheMaxAge: options.inactiveCacheMaxAge,
    store: context.store,
    now: context.now,
  });
  const backoff = createRetryBackoff(options.maxRetryDelay, context.now);
  const endpoint = endpointOf(options, context);
  const inFlight = new Map<string, Promise<IntrospectionAnswer>>();
  const ask = async (token: string, hash: string): Promise<IntrospectionAnswer> => {
    const answer = await askEndpoint(token, endpoint, options, context, backoff);
    await cache.set(hash, answer);
    return answer;
  };
  return {
    tokens: options.tokens,
    async introspect(token) {
      const hash = await tokenHash(token);
      const kept = await cache.get(hash);
      if (kept !== undefined) return claimsOf(kept, true);
      let pending = inFlight.get(hash);
      if (pending === undefined) {
        pending = ask(token, hash).finally(() => inFlight.delete(hash));
        inFlight.set(hash, pending);
      }
      return claimsOf(await pending, false);
    },
  };
}

function claimsOf(answer: IntrospectionAnswer, cached: boolean): Introspected {
  if (!answer.active) throw createError('ERR_TOKEN_INACTIVE');
  return { claims: answer.claims, cached };
}

async function askEndpoint(
  token: string,
  endpointOf: () => Promise<string>,
  options: ResolvedIntrospection,
  context: IntrospectorContext,
  backoff: RetryBackoff,
): Promise<IntrospectionAnswer> {
  const waiting = backoff.remaining();
  if (waiting > 0) throw unavailable(waiting);
  try {
    const endpoint = await endpointOf();
    const credentials = await options.authenticate(endpoint);
    const reply = await callIntrospection(endpoint, token, credentials, {
      fetch: context.fetch,
      timeoutMs: options.timeout,
      maxBytes: options.maxResponseBytes,
    });
    const answer = await readIntrospectionAnswer(reply, context.verifyJwt);
    backoff.succeeded();
    return answer;
  } catch (cause) {
    // The refusal's event carries the cause's message (the endpoint and status).
    backoff.failed();
    throw unavailable(backoff.remaining(), cause);
  }
}

function unavailable(waitMs: number, cause?: unknown) {
  return createError('ERR_INTROSPECTION_UNAVAILABLE', {
    retryAfter: Math.max(1, Math.ceil(waitMs / 1000)),
    cause,
  });
}

// The configured endpoint, or the metadata's `introspection_endpoint`, found once; a
// failed discovery is tried again after the backoff like a failed call.
function endpointOf(
  options: ResolvedIntrospection,
  context: IntrospectorContext,
): () => Promise<string> {
  const { endpoint } = options;
  if (endpoint !== undefined) return async () => endpoint;
  let found: Promise<string> | undefined;
  return () => {
    found ??= discoverEndpoint(context.issuer, 'introspection_endpoint', {
      fetch: context.fetch,
      timeoutMs: options.timeout,
      maxBytes: context.maxMetadataBytes,
    }).catch((error: unknown) => {
      found = undefined;
      throw error;
    });
    return found;
  };
}
