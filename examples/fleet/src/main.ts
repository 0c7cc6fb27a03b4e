/**
 * The fleet demo: a local Redis (unless REDIS_URL names one), a local issuer (unless
 * ISSUER does), and INSTANCES (default 3) API processes on 127.0.0.1:PORT (default 3004).
 * Prints curl commands; every answer's `X-Instance` header names the process.
 */
import cluster from 'node:cluster';
import { createTestIssuer, startRedisServer } from '@jwt-guard/testing';
import { type FleetEnv, runFleet } from './fleet.js';

if (cluster.isPrimary) {
  const redis = process.env.REDIS_URL ? undefined : await startRedisServer();
  const issuer = process.env.ISSUER ? undefined : await createTestIssuer();
  const env: FleetEnv = {
    ISSUER: process.env.ISSUER ?? (issuer?.issuer as string),
    AUDIENCE: process.env.AUDIENCE ?? (issuer?.audience as string),
    REDIS_URL: process.env.REDIS_URL ?? (redis?.url as string),
    PORT: process.env.PORT ?? '3004',
    INSTANCES: process.env.INSTANCES ?? '3',
  };
  await runFleet(env);
  const base = `http://127.0.0.1:${env.PORT}`;
  console.log(`fleet ready: ${env.INSTANCES} instances on ${base}, Redis ${env.REDIS_URL}`);
  if (issuer) {
    const hour = 3600;
    const user = await issuer.mint({ expiresIn: hour, claims: { jti: 'demo-user-token' } });
    const admin = await issuer.mint({ expiresIn: hour, claims: { roles: ['admin'] } });
    const until = Math.floor(Date.now() / 1000) + hour;
    console.log('Try (each answer names its instance in X-Instance):\n');
    console.log(
      `# Any instance accepts the token; only one of them fetched the keys\ncurl -i ${base}/api/whoami -H 'Authorization: Bearer ${user}'\n`,
    );
    console.log(
      `# Revoke it on one instance...\ncurl -i -X POST ${base}/admin/revoke -H 'Authorization: Bearer ${admin}' -H 'Content-Type: application/json' -d '{"jti":"demo-user-token","until":${until}}'\n`,
    );
    console.log('# ...and every instance refuses it: run the first command again.\n');
  }
  const stop = async () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill();
    await issuer?.close();
    await redis?.stop();
    setTimeout(() => process.exit(0), 500).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} else {
  await runFleet(process.env as unknown as FleetEnv);
}
