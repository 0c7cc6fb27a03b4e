/**
 * The fleet: `node:cluster` forks the instances, which share one port (the primary hands
 * connections round-robin) and one Redis.
 */
import cluster from 'node:cluster';
import { createRedisStore } from '@jwt-guard/redis';
import { createFleetApp } from './app.js';

/** Where the fleet runs and what it trusts; passed to the instances through their env. */
export interface FleetEnv {
  readonly ISSUER: string;
  readonly AUDIENCE: string;
  readonly REDIS_URL: string;
  readonly PORT: string;
  readonly INSTANCES: string;
}

/**
 * In the primary: forks the instances and resolves once all listen. In an instance: serves.
 *
 * @example
 * ```ts
 * await runFleet({ ISSUER, AUDIENCE, REDIS_URL, PORT: '3004', INSTANCES: '3' });
 * ```
 */
export async function runFleet(env: FleetEnv): Promise<void> {
  if (cluster.isPrimary) {
    const count = Number(env.INSTANCES);
    await Promise.all(
      Array.from({ length: count }, () => {
        const worker = cluster.fork({ ...process.env, ...env });
        return new Promise<void>((resolve, reject) => {
          worker.once('listening', () => resolve());
          worker.once('exit', (code) => reject(new Error(`instance exited (${code})`)));
        });
      }),
    );
    return;
  }
  const store = createRedisStore({ url: env.REDIS_URL, prefix: 'fleet-demo:' });
  const app = createFleetApp({ issuer: env.ISSUER, audience: env.AUDIENCE, store });
  app.listen(Number(env.PORT), '127.0.0.1');
}
