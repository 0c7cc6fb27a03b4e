/**
 * What every token-endpoint conformance app is built from: one issuer on a memory store,
 * the token endpoints mounted twice (mobile at the root, browser mode under
 * {@link BROWSER_BASE}), and `GET /api/me` verifying the issued tokens by discovery of the
 * app's own metadata, with the issuer's deny list. Runtime-neutral.
 */
import { createMemoryStore } from '@jwt-guard/core/store';
import { createTokenIssuer, type TokenEndpointsOptions, type TokenIssuer } from '@jwt-guard/issuer';

/** The audience of the issued tokens, which `GET /api/me` requires. */
export const TOKEN_AUDIENCE = 'https://api.example.test';

/** Where the browser-mode mount is. */
export const BROWSER_BASE = '/browser';

/** The one user `authenticate` knows, what it grants, and the claim it adds. */
export const DEMO_USER = {
  username: 'alice',
  password: 'correct horse battery staple',
  sub: 'user-alice',
  scope: 'read write',
  claims: { name: 'Alice' },
} as const;

/** The Koa app's route that tries to set a Secure cookie through Koa's own `ctx.cookies`. */
export const KOA_COOKIE_PROBE = '/koa-cookie-probe';

/** A login carrying this header is refused by the rate-limit hook, with {@link RETRY_AFTER}. */
export const RATE_LIMITED_HEADER = 'x-test-rate-limited';
export const RETRY_AFTER = 7;

// The issuer's test secret: at least 32 bytes, generated for nothing but this table.
const ENCRYPTION_SECRET = 'conformance-token-endpoints-secret-0123456789';

/**
 * The issuer of an app served at `origin`. The reuse grace is 1 ms, so that a reuse row can
 * step past it without waiting.
 */
export function createTestTokens(origin: string): TokenIssuer {
  return createTokenIssuer({
    issuer: origin,
    audience: TOKEN_AUDIENCE,
    store: createMemoryStore(),
    keys: { encryptionSecret: ENCRYPTION_SECRET, schedule: false },
    refreshToken: { reuseGrace: 1 },
  });
}

/** The options of one mount: mobile mode at the root, or browser mode under {@link BROWSER_BASE}. */
export function endpointOptions<R>(mode: 'mobile' | 'browser'): TokenEndpointsOptions<R> {
  return {
    authenticate: ({ body }) =>
      body.username === DEMO_USER.username && body.password === DEMO_USER.password
        ? { sub: DEMO_USER.sub, scope: DEMO_USER.scope, claims: DEMO_USER.claims }
        : undefined,
    rateLimit: ({ headers }) =>
      headers.has(RATE_LIMITED_HEADER) ? { retryAfterSeconds: RETRY_AFTER } : undefined,
    ...(mode === 'browser' ? { cookie: true, basePath: BROWSER_BASE } : {}),
  };
}

/** The `jwtAuth` options of `GET /api/me`: discovery alone, plus the issuer's deny list. */
export const verifierOptions = (origin: string, tokens: TokenIssuer) => ({
  issuer: origin,
  audience: TOKEN_AUDIENCE,
  profile: 'rfc9068' as const,
  isRevoked: tokens.isRevoked,
});

/** What `GET /api/me` answers for a verified token. */
export const me = (payload: { sub?: string | undefined; client_id?: unknown }) => ({
  sub: payload.sub,
  client_id: payload.client_id,
});
