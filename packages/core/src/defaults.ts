/** Every default of the library, defined once. */

/** The realm of challenges when none is configured. */
export const DEFAULT_REALM = 'api';

/**
 * The default cap on a token's size, in bytes. Node refuses a request whose headers exceed
 * 16 KiB (its default `maxHeaderSize`), so this admits every token that can arrive in an
 * Authorization header at all; real tokens carrying many groups or roles exceed 8 KB.
 */
export const DEFAULT_MAX_TOKEN_BYTES = 16_384;

/** Where `requireRole` finds roles when `rolesClaim` is not set. */
export const DEFAULT_ROLES_CLAIM = 'roles';

/** Seconds of leeway on `exp`, `nbf` and `iat`. */
export const DEFAULT_CLOCK_TOLERANCE = 5;

/**
 * How long a verification is reused when the key source cannot say whether the key that
 * verified it is still held (a custom `KeySource` without `holds`), in seconds.
 */
export const DEFAULT_UNBOUND_CACHE_MAX_AGE = 60;

/** Seconds a 503 asks the client to wait when nothing better is known. */
export const DEFAULT_RETRY_AFTER = 30;

/** Most issuers whose key sets a verifier keeps at once (a resolver cannot grow it further). */
export const DEFAULT_MAX_ISSUERS = 100;

/**
 * Fetches per minute (discovery and key sets) for issuers no token has verified yet: those a
 * resolver or preset admits by pattern. A few a minute, so that tokens naming never-seen
 * issuers cannot turn into a stream of outbound requests; fleet-wide with a store.
 */
export const DEFAULT_NEW_ISSUER_FETCHES_PER_MINUTE = 10;
