/**
 * One instance of the deny-list fleet, in a process of its own: a deny list on the Redis
 * store (a GET per check) or on the Redis revocation feed (a local mirror). It answers its
 * parent over IPC, one message per message: `latency` times `count` checks awaited one by
 * one; `watch` polls the local check until a revocation shows and answers when it did.
 */
import { createDenyList, type DenyList } from '@jwt-guard/core';
import { createRedisRevocationFeed, createRedisStore } from '@jwt-guard/redis';
import type { JWTPayload } from 'jose';
import { percentile } from './percentile.js';

/** What the parent passes as the one argument. */
export interface InstanceSpec {
  readonly url: string;
  readonly prefix: string;
  readonly mode: 'store' | 'mirror';
}

/** The messages an instance understands. */
export type InstanceRequest =
  | { readonly type: 'latency'; readonly payloads: readonly JWTPayload[]; readonly count: number }
  | { readonly type: 'watch'; readonly payload: JWTPayload };

const spec = JSON.parse(process.argv[2]!) as InstanceSpec;
const feed =
  spec.mode === 'mirror'
    ? createRedisRevocationFeed({ url: spec.url, prefix: spec.prefix })
    : undefined;
const store =
  spec.mode === 'store' ? createRedisStore({ url: spec.url, prefix: spec.prefix }) : undefined;
const denyList: DenyList = feed ? createDenyList({ feed }) : createDenyList({ store: store! });

const epochMs = () => performance.timeOrigin + performance.now();

// A check that fails closed (the mirror's heartbeat late past maxStalenessMs on a loaded
// machine) is timed like the others and counted, not thrown: the parent reports how often.
async function latency(payloads: readonly JWTPayload[], count: number) {
  const micros = new Float64Array(count);
  let failedClosed = 0;
  const failed = () => {
    failedClosed += 1;
    return false;
  };
  for (let i = 0; i < count; i += 1) {
    const start = performance.now();
    await denyList.isRevoked(payloads[i % payloads.length]!).catch(failed);
    micros[i] = (performance.now() - start) * 1000;
  }
  micros.sort();
  return { p50: percentile(micros, 0.5), p99: percentile(micros, 0.99), failedClosed };
}

async function watch(payload: JWTPayload): Promise<number> {
  // A check that fails closed meanwhile has not seen the revocation yet: keep polling.
  while (!(await denyList.isRevoked(payload).catch(() => false))) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  return epochMs();
}

process.on('message', async (message: InstanceRequest) => {
  if (message.type === 'latency') {
    process.send!(await latency(message.payloads, message.count));
  } else {
    process.send!({ at: await watch(message.payload) });
  }
});
process.on('SIGTERM', async () => {
  denyList.close();
  await Promise.all([feed?.close(), store?.close()]);
  process.exit(0);
});

// The first check waits for the mirror's full load, at most its staleness bound: on a busy
// machine, a process just started may need longer, so ask until it answers.
for (;;) {
  try {
    await denyList.isRevoked({ iss: 'https://warm.example', jti: 'warm' });
    break;
  } catch {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
process.send!({ ready: true });
