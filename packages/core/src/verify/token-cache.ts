/**
 * The verified-token cache: a token verified once is answered from memory until it
 * expires, bounded by entries and by bytes. An entry is found by the token's last
 * characters (or, for the token answered last, without a lookup) and answers only the very
 * token it holds (compared whole), so a different token can never hit another's entry. Failures that no amount of time can fix are kept
 * briefly too, so a replayed forgery costs no cryptography; "keys unavailable" never is.
 */
import type { JWTPayload, ProtectedHeaderParameters } from 'jose';
import { LRUCache } from 'lru-cache';
import type { ErrorCode } from '../errors/codes.js';
import type { RefusalHint } from '../errors/refusal-hint.js';
import type { Introspector } from '../introspection/introspector.js';
import type { RequestContext } from '../request-context.js';
import type { VerificationRules } from '../signature/signed-token.js';
import type { AuthInfoMaker } from './issuer-claims.js';

/** Options of the verified-token cache. */
export interface TokenCacheOptions {
  /** Most tokens kept. Default 10000. */
  readonly maxEntries?: number;
  /** Most bytes kept, estimated from token and claims size. Default 16 MiB. */
  readonly maxBytes?: number;
  /** Longest a verification is reused, in seconds (never past `exp`). Default: until `exp`. */
  readonly maxAge?: number;
  /** How long a definitive failure is remembered, in milliseconds; 0 turns it off. Default 5000. */
  readonly failureTtl?: number;
}

/** A verified token as kept. */
export interface CachedVerification {
  readonly payload: JWTPayload;
  readonly header: ProtectedHeaderParameters;
  /** The id of the key that verified it, to drop it once that key is gone. */
  readonly keyId: string | undefined;
  /** The issuer's rules and key source that verified it, which every reuse answers to. */
  readonly route: VerificationRoute;
  /**
   * The verifier's key-set generation when a reuse last found its key held, and until when
   * (ms) that answer stands while the generation does not move. Set by the verification
   * cache as it keeps the entry, and updated in place by the reuse that asks again, so a
   * hit allocates nothing; beside the entry's other fields, so a hit reads no other object.
   */
  keyGeneration?: number;
  keyHeldUntil?: number;
}

/** What a reuse of a verification needs of the issuer that made it. */
export interface VerificationRoute {
  readonly rules: VerificationRules;
  /** Whether the key `id` is still in force; absent: reuse is bounded in time instead. */
  readonly holds: ((id: string, context?: RequestContext) => boolean) | undefined;
  /** `holds` with how long the answer stands while the key-set generation stays. */
  readonly heldUntil?: ((id: string, context?: RequestContext) => number | undefined) | undefined;
  /** Makes the token's `AuthInfo`, carrying where this issuer puts roles and scopes. */
  readonly authInfo: AuthInfoMaker;
  /** The issuer's introspection, which a reused JWT is asked again with `tokens: 'jwt' | 'both'`. */
  readonly introspector?: Introspector | undefined;
}

/** The cache's operations. */
export interface TokenCache {
  /** The verification kept for `token`, unless its time (by `nowMs`, default the clock now) is up. */
  get(token: string, nowMs?: number): CachedVerification | undefined;
  /** The remembered failure of a token, if any. */
  failure(token: string): ErrorCode | undefined;
  /** The remembered failure of a token with the hint its refusal carried, if any. */
  failedWith(token: string): RememberedFailure | undefined;
  /** Keeps a verification until its `exp`, and at most `maxAgeSeconds` when given. */
  set(token: string, entry: CachedVerification, nowSeconds: number, maxAgeSeconds?: number): void;
  /**
   * Keeps a definitive failure; `hint` goes with it, so a repeat's event still says why.
   * With `standing`, keeps any failure, for as long as that says it stands.
   */
  fail(token: string, code: ErrorCode, hint?: RefusalHint, standing?: FailureStanding): void;
  delete(token: string): void;
  readonly size: number;
}

/** A failure as remembered: its code, and the hint of the refusal's event. */
export interface RememberedFailure {
  readonly code: ErrorCode;
  readonly hint: RefusalHint | undefined;
  /** For a failure that stands only while no key set changes: the generation it was seen at. */
  readonly generation?: number | undefined;
}

/**
 * How long a failure that time or a key-set change can undo stands (an unknown `kid`):
 * until `untilMs` on the cache's clock, and only while the verifier's key-set generation
 * is still `generation` (the reader checks that).
 */
export interface FailureStanding {
  readonly generation: number;
  readonly untilMs: number;
}

// Failures a later retry of the same bytes cannot turn into a success. An expired token
// stays expired (the clock only moves on), so a flood of one is answered from here too
// (issue 24). An unknown key is not here: a key-set refresh can make it known, so it is
// kept only with a standing that ends where a refresh could happen (`fail`).
const DEFINITIVE = new Set<ErrorCode>([
  'ERR_TOKEN_MALFORMED',
  'ERR_TOKEN_EXPIRED',
  'ERR_SIGNATURE_INVALID',
  'ERR_ALGORITHM_NOT_ALLOWED',
  'ERR_HEADER_INVALID',
  'ERR_TYPE_NOT_ALLOWED',
  'ERR_NOT_ACCESS_TOKEN',
  'ERR_DECRYPTION_FAILED',
  'ERR_ISSUER_MISMATCH',
  'ERR_AUDIENCE_MISMATCH',
]);

// Entries are found by the token's last characters (the end of its signature), not by the
// whole string: every request brings a new string, and hashing all of a 1 KB token costs
// about a microsecond, where comparing it with the one entry found costs a few dozen
// nanoseconds. The key is a small integer hashed from those 32 characters, not a slice of
// them: a slice is a string allocated on every lookup, which made a hit on a pool of
// tokens cost four times a hit on the token answered last (issue 24). Two tokens with one
// key can only displace each other's entry, never answer for each other; and making one
// that displaces someone else's takes knowing that token.
const LOOKUP_SUFFIX = 32;

/**
 * FNV-1a over the token's last {@link LOOKUP_SUFFIX} UTF-16 units, kept to 30 bits so the
 * key stays a small integer (never a boxed number) in V8.
 */
function lookupKey(token: string): number {
  let hash = 0x811c9dc5;
  for (let i = Math.max(0, token.length - LOOKUP_SUFFIX); i < token.length; i += 1) {
    hash = Math.imul(hash ^ token.charCodeAt(i), 0x01000193);
  }
  return hash & 0x3fffffff;
}

// lru-cache reads (and writes a `status` into) an options object on every `get`, and
// makes a fresh one when none is passed: this one is shared, so a hit allocates nothing.
const GET_OPTIONS = {};

/** An entry as stored: the whole token beside what it answers. */
interface Held<T> {
  readonly token: string;
  readonly value: T;
}

/** A verification as stored, with the end of its time on the cache's clock (milliseconds). */
interface HeldVerification extends Held<CachedVerification> {
  readonly expiresAt: number;
}

// A deliberately generous estimate of an entry's heap footprint: the token string (one byte
// a character: a JWT is ASCII), three bytes for each character of its signed part (the
// decoded header and claims as objects, with the entry's own: measured at 2.8 to 2.9 for
// RS256 and ES256 tokens of 262 signed characters, issue 24), and 256 more. The signature
// leaves nothing behind but its characters, so it is not counted three times: the old
// estimate did, and put an RS256 token at 1.7 times its heap, so the default 16 MiB held
// about 7,200 of them where `maxEntries` said 10,000. Claims made of many tiny arrays or
// objects take more heap a character than three bytes: for such tokens `maxEntries` is the
// firm bound (SECURITY.md).
const estimateBytes = (held: Held<unknown>) => {
  const { token } = held;
  const signed = token.lastIndexOf('.');
  return token.length + 3 * (signed < 0 ? token.length : signed) + 256;
};

// Refusals remembered for `ttl` ms (0: none), so a repeated bad token is refused at once.
function failureCache(ttl: number, now: () => number) {
  if (!(ttl > 0)) return undefined;
  return new LRUCache<number, Held<RememberedFailure>>({
    max: 1000,
    maxSize: 2 * 1024 * 1024,
    sizeCalculation: estimateBytes,
    ttl,
    // The verifier's clock drives expiry; resolution 0 so a clock step is seen at once.
    perf: { now },
    ttlResolution: 0,
  });
}

/**
 * Creates the cache. `now` is the verifier's clock in milliseconds.
 *
 * @example
 * ```ts
 * const cache = createTokenCache({ maxEntries: 1000 }, Date.now);
 * ```
 */
export function createTokenCache(options: TokenCacheOptions, now: () => number): TokenCache {
  const maxAgeMs = options.maxAge === undefined ? Number.POSITIVE_INFINITY : options.maxAge * 1000;
  // The entry answered last. A client sends its token again and again, usually many requests
  // in a row, and this answers them without a lookup (which costs more than the rest of a
  // hit). It is let go with the entry, whatever removes it: expiry, eviction, a delete.
  let last: HeldVerification | undefined;
  const verified = new LRUCache<number, HeldVerification>({
    max: options.maxEntries ?? 10_000,
    maxSize: options.maxBytes ?? 16 * 1024 * 1024,
    sizeCalculation: estimateBytes,
    dispose: (held) => {
      if (held === last) last = undefined;
    },
  });
  const failures = failureCache(options.failureTtl ?? 5000, now);
  const failedWith = (token: string) => {
    const held = failures?.get(lookupKey(token), GET_OPTIONS);
    return held !== undefined && held.token === token ? held.value : undefined;
  };

  return {
    get(token, nowMs = now()) {
      let held = last;
      if (held === undefined || held.token !== token) {
        held = verified.get(lookupKey(token), GET_OPTIONS);
        if (held === undefined || held.token !== token) return undefined;
      }
      if (nowMs > held.expiresAt) {
        verified.delete(lookupKey(token));
        return undefined;
      }
      last = held;
      return held.value;
    },
    failure: (token) => failedWith(token)?.code,
    failedWith,
    set(token, entry, nowSeconds, maxAgeSeconds = Number.POSITIVE_INFINITY) {
      const exp = entry.payload.exp;
      if (typeof exp !== 'number') return;
      const ttl = Math.min(maxAgeMs, maxAgeSeconds * 1000, (exp - nowSeconds) * 1000);
      if (ttl >= 1) {
        const expiresAt = nowSeconds * 1000 + Math.floor(ttl);
        verified.set(lookupKey(token), { token, value: entry, expiresAt });
      }
    },
    fail(token, code, hint, standing) {
      if (!failures) return;
      if (standing === undefined) {
        const value = { code, hint, generation: undefined };
        if (DEFINITIVE.has(code)) failures.set(lookupKey(token), { token, value });
        return;
      }
      // Never longer than a definitive failure, nor up to the end of its standing: an entry
      // lives while its age is at most its ttl, and at `untilMs` the answer may differ.
      const ttl = Math.min(failures.ttl, Math.ceil(standing.untilMs - now()) - 1);
      if (ttl < 1) return;
      const value = { code, hint, generation: standing.generation };
      failures.set(lookupKey(token), { token, value }, { ttl });
    },
    delete: (token) => {
      const key = lookupKey(token);
      if (verified.peek(key)?.token === token) verified.delete(key);
    },
    get size() {
      return verified.size;
    },
  };
}
