/**
 * The browser example's server: the static page, the token endpoints in browser mode (the
 * refresh token only in a `__Host-` cookie) and one API route that verifies the access
 * tokens by discovery of this server's own metadata, like any other issuer's.
 */
import { fileURLToPath } from 'node:url';
import { jwtAuth, jwtErrorHandler, tokenEndpoints } from '@jwt-guard/express';
import { createTokenIssuer, type Duration, type TokenIssuer } from '@jwt-guard/issuer';
import express, { type Express, type RequestHandler } from 'express';
import type { Users } from './users.js';

/** Options of {@link createFirstPartyApp}. */
export interface FirstPartyAppOptions {
  /**
   * The origin the browser loads the page from, such as `http://localhost:3000`: the
   * tokens' issuer and audience, and the origin the CSRF check accepts. Plain http only on
   * `localhost`, where browsers still accept the `Secure` refresh cookie.
   */
  readonly origin: string;
  /** Who may log in. */
  readonly users: Users;
  /** Seals the key ring's private keys in the store; at least 32 bytes. */
  readonly encryptionSecret: string | Uint8Array;
  /** Access-token lifetime. Default `'5m'`. */
  readonly accessTokenTtl?: Duration;
  /** The clock of the issuer and of the API's verifier, in ms. Default `Date.now`. */
  readonly now?: () => number;
}

/** The app, and the issuer behind it (to close at shutdown). */
export interface FirstPartyApp {
  readonly app: Express;
  readonly tokens: TokenIssuer;
}

const PUBLIC = fileURLToPath(new URL('../public', import.meta.url));

// The page runs only its own script and talks only to its own origin; no other site may
// frame it (clickjacking) or learn its URLs from a Referer.
const securityHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'Content-Security-Policy':
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  next();
};

/**
 * Builds the example's server on the memory store.
 *
 * @example
 * ```ts
 * const { app } = createFirstPartyApp({ origin: 'http://localhost:3000', users, encryptionSecret });
 * app.listen(3000, '127.0.0.1');
 * ```
 */
export function createFirstPartyApp(options: FirstPartyAppOptions): FirstPartyApp {
  const { origin, users, now } = options;
  const tokens = createTokenIssuer({
    issuer: origin,
    audience: origin,
    keys: { encryptionSecret: options.encryptionSecret },
    accessToken: { ttl: options.accessTokenTtl ?? '5m' },
    ...(now ? { now } : {}),
  });

  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders);
  app.use(express.static(PUBLIC));
  // Browser mode: login answers the access token in the body (the page keeps it in memory)
  // and sets the refresh token as an HttpOnly cookie no script can read.
  app.use(
    tokenEndpoints(tokens, {
      cookie: true,
      authenticate: ({ body }) => users.check(body.username, body.password),
    }),
  );
  // Discovery of our own RFC 8414 metadata; `isRevoked` refuses the access tokens of a
  // session that was logged out, even before they expire.
  app.use(
    '/api',
    jwtAuth({
      issuer: origin,
      audience: origin,
      profile: 'rfc9068',
      isRevoked: tokens.isRevoked,
      ...(now ? { now } : {}),
    }),
  );
  app.get('/api/me', (req, res) => {
    const { sub, scope, exp } = req.auth?.payload ?? {};
    res.set('Cache-Control', 'no-store').json({ sub, scope, exp });
  });
  app.use(jwtErrorHandler());
  return { app, tokens };
}
