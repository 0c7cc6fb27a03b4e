/**
 * The first-party API: it logs its own users in, issues and refreshes their tokens, and
 * verifies them on its routes by discovery of its own metadata, like any other issuer's.
 */
import {
  jwtAuth,
  jwtErrorHandler,
  protectedResourceMetadata,
  requireRole,
  requireScope,
  tokenEndpoints,
} from '@jwt-guard/express';
import { createTokenIssuer, type TokenIssuer } from '@jwt-guard/issuer';
import express, { type Express } from 'express';
import type { DemoUsers } from './users.js';

/** Options of {@link createApp}. */
export interface FirstPartyApiOptions {
  /**
   * The server's own origin (`http://127.0.0.1:3000`): the tokens' issuer and audience, and
   * where `jwtAuth` discovers the keys. Plain http is accepted on loopback only.
   */
  readonly origin: string;
  /** Who may log in. */
  readonly users: DemoUsers;
  /** Seals the key ring's private keys in the store (at least 32 bytes). */
  readonly encryptionSecret: string;
}

/** The app, and the issuer behind it (to close at shutdown). */
export interface FirstPartyApi {
  readonly app: Express;
  readonly tokens: TokenIssuer;
}

/** The scopes the routes ask for, published in the protected-resource metadata. */
export const SCOPES = ['read:profile', 'read:orders'] as const;

/**
 * Builds the API and its token endpoints on the memory store.
 *
 * @example
 * ```ts
 * const { app } = createApp({ origin: 'http://127.0.0.1:3000', users, encryptionSecret });
 * app.listen(3000, '127.0.0.1');
 * ```
 */
export function createApp(options: FirstPartyApiOptions): FirstPartyApi {
  const { origin, users } = options;
  // No store given: the memory store, enough for one process.
  const tokens = createTokenIssuer({
    issuer: origin,
    audience: origin,
    keys: { encryptionSecret: options.encryptionSecret },
  });
  const authenticate = async ({ body }: { body: Readonly<Record<string, unknown>> }) => {
    const user = await users.check(body.username, body.password);
    return user && { sub: user.sub, scope: user.scope, claims: { roles: user.roles } };
  };
  const metadata = protectedResourceMetadata({
    resource: origin,
    authorizationServers: [origin],
    scopesSupported: [...SCOPES],
  });

  const app = express();
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(metadata);
  // A deployed login also limits guesses: the `rateLimit` option answers 429 before
  // `authenticate` runs (per user and per client address, in the shared store).
  // Mobile apps and services: the refresh token travels in the body. This mount also
  // serves the RFC 8414 metadata and the JWKS that jwtAuth below discovers.
  app.use(tokenEndpoints(tokens, { authenticate }));
  // Browsers: the same endpoints under /browser, the refresh token only in a __Host-
  // cookie, and each cookie-authenticated POST needs the X-Requested-With header.
  app.use(tokenEndpoints(tokens, { authenticate, cookie: true, basePath: '/browser' }));

  // Discovery of our own metadata, as for any issuer; `isRevoked` refuses the access
  // tokens of a session that was logged out or whose refresh token was reused.
  app.use(
    '/api',
    jwtAuth({
      issuer: origin,
      audience: origin,
      profile: 'rfc9068',
      isRevoked: tokens.isRevoked,
      challenge: { resourceMetadata: metadata.url },
    }),
  );
  app.get('/api/me', (req, res) => {
    res.json({ sub: req.auth?.payload.sub, scope: req.auth?.payload.scope ?? null });
  });
  app.get('/api/orders', requireScope('read:orders'), (_req, res) => {
    res.json({ orders: [{ id: 1, total: 42 }] });
  });
  app.delete('/api/orders/:id', requireRole('admin'), (req, res) => {
    res.json({ deleted: req.params.id });
  });
  // Refusals answer with their status, challenge and a short text body, never a stack trace.
  app.use(jwtErrorHandler());

  return { app, tokens };
}
