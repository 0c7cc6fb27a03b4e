/**
 * The same packages required from CommonJS: their `.d.cts` declarations, compiled by
 * `consumer-types.test.ts` with the node16 projects.
 */
import { JwtGuardError } from '@jwt-guard/core';
import { createTokenClient, jwtAuth, requireScope } from '@jwt-guard/express';
import { jwtAuth as honoAuth } from '@jwt-guard/hono';
import { JwtGuardError as KoaJwtGuardError, jwtAuth as koaAuth } from '@jwt-guard/koa';
import { createOtelListener } from '@jwt-guard/otel';
import { createRedisStore } from '@jwt-guard/redis';
import { createTestIssuer } from '@jwt-guard/testing';

export async function start(): Promise<unknown[]> {
  const issuer = await createTestIssuer();
  const options = {
    issuer: issuer.issuer,
    audience: issuer.audience,
    store: createRedisStore({ url: 'redis://127.0.0.1:6379' }),
    events: createOtelListener(),
  };
  const client = createTokenClient({
    issuer: issuer.issuer,
    clientId: 'orders',
    clientSecret: 's',
  });
  return [jwtAuth(options), requireScope('read'), honoAuth(options), koaAuth(options), client];
}

export const isRefusal = (error: unknown): boolean =>
  error instanceof JwtGuardError || error instanceof KoaJwtGuardError;
