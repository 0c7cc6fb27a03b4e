/**
 * One instance of the fleet: an Express API whose key set, DPoP replay memory and deny list
 * live in Redis, shared with every other instance.
 */
import { createDenyList } from '@jwt-guard/core';
import type { SharedStore } from '@jwt-guard/core/store';
import { jwtAuth, jwtErrorHandler, requireRole } from '@jwt-guard/express';
import express, { type Express } from 'express';

/** What an instance needs: the issuer it trusts and the fleet's store. */
export interface FleetSettings {
  readonly issuer: string;
  readonly audience: string;
  readonly store: SharedStore;
}

/**
 * Builds one instance. Every answer names the process that gave it (`X-Instance`), so a
 * client can see the fleet share one state.
 *
 * @example
 * ```ts
 * createFleetApp({ issuer, audience, store: createRedisStore({ url }) }).listen(3004);
 * ```
 */
export function createFleetApp(settings: FleetSettings): Express {
  const { issuer, audience, store } = settings;
  const denyList = createDenyList({ store });
  const app = express();
  app.use((_req, res, next) => {
    res.set('X-Instance', String(process.pid));
    next();
  });
  app.use(express.json());
  // Bearer and DPoP; keys, proofs' jtis and revocations all in the shared store.
  app.use(
    jwtAuth({ issuer, audience, store, binding: { dpop: {} }, isRevoked: denyList.isRevoked }),
  );

  app.get('/api/whoami', (req, res) => {
    res.json({ instance: process.pid, sub: req.auth?.payload.sub ?? null });
  });

  // Revoke a token by its jti until its expiry: every instance refuses it from then on.
  // Revocations are per issuer (a jti is unique only within its issuer); this fleet
  // trusts one, so the jti is that issuer's.
  app.post('/admin/revoke', requireRole('admin'), async (req, res, next) => {
    const { jti, until } = (req.body ?? {}) as { jti?: unknown; until?: unknown };
    if (typeof jti !== 'string' || typeof until !== 'number') {
      res.status(400).json({ error: 'jti (string) and until (seconds) are required' });
      return;
    }
    try {
      await denyList.revoke(jti, until, issuer);
      res.json({ revoked: jti, by: process.pid });
    } catch (error) {
      next(error);
    }
  });
  // Refusals answer with their status, challenge and a short text body: without this,
  // Express's default handler logs a stack trace for every 401 and 403, and in
  // development sends it to the client as HTML, file paths and all.
  app.use(jwtErrorHandler());

  return app;
}
