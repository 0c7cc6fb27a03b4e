/**
 * The soak: minutes of mixed valid and invalid traffic against Express, Koa and Hono (on
 * Node) at once, while the issuer flaps (outages) and rotates keys. Reports requests
 * served, answers by status, and heap at start and end. Loopback only; bounded in time.
 *
 * Run: `pnpm --filter @jwt-guard/tests soak` (SOAK_SECONDS, default 180).
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { createTestIssuer } from '@jwt-guard/testing';
import type { AppConfig } from '../conformance/app-config.js';
import { createExpressApp } from '../conformance/apps/express-app.js';
import { createHonoApp } from '../conformance/apps/hono-app.js';
import { createKoaApp } from '../conformance/apps/koa-app.js';
import { send } from '../conformance/send.js';

const seconds = Number(process.env.SOAK_SECONDS ?? 180);
const connections = Number(process.env.SOAK_CONNECTIONS ?? 8);
const gc = (globalThis as { gc?: () => void }).gc;
const heapMiB = () => {
  gc?.();
  return Math.round((process.memoryUsage().heapUsed / 2 ** 20) * 10) / 10;
};

const issuer = await createTestIssuer();
const config: AppConfig = {
  issuer: issuer.issuer,
  audience: issuer.audience,
  downIssuer: 'http://127.0.0.1:1',
  // Short timings, so the soak drives many refreshes, outages and recoveries.
  jwks: {
    cacheMaxAge: 4_000,
    cooldownDuration: 1_000,
    staleIfError: 6_000,
    timeoutDuration: 1_000,
  },
};
const adapters: Array<[string, RequestListener]> = [
  ['express', createExpressApp(config)],
  ['koa', createKoaApp(config).callback()],
  ['hono', getRequestListener(createHonoApp(config).fetch)],
];
const servers: Array<{ name: string; server: Server; base: string }> = [];
for (const [name, listener] of adapters) {
  const server = createServer(listener);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push({
    name,
    server,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  });
}

// A pool of tokens, refreshed as keys rotate, plus hostile ones.
let valid: string[] = [];
const refreshPool = async () => {
  valid = await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      issuer.mint({
        alg: (['RS256', 'ES256', 'EdDSA'] as const)[i % 3],
        claims: { jti: `t${i}-${Date.now()}` },
      }),
    ),
  );
};
await refreshPool();
const expired = await issuer.mint({ expiresIn: -60 });
const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)] as T;
const nextRequest = () => {
  const roll = Math.random();
  if (roll < 0.6)
    return { kind: 'valid', headers: [['authorization', `Bearer ${pick(valid)}`]] as const };
  if (roll < 0.7)
    return { kind: 'expired', headers: [['authorization', `Bearer ${expired}`]] as const };
  if (roll < 0.8) {
    const [h, p, s] = pick(valid).split('.') as [string, string, string];
    return {
      kind: 'tampered',
      headers: [['authorization', `Bearer ${h}.${p}.${s.split('').reverse().join('')}`]] as const,
    };
  }
  if (roll < 0.9) return { kind: 'none', headers: [] as const };
  return {
    kind: 'garbage',
    headers: [['authorization', `Bearer ${Math.random().toString(36)}`]] as const,
  };
};

type Tally = Record<string, number>;
const byAdapter = new Map<string, Tally>(servers.map(({ name }) => [name, {}]));
const crashes: string[] = [];
const count = (tally: Tally, key: string) => {
  tally[key] = (tally[key] ?? 0) + 1;
};

// Warm up, then take the starting heap.
for (const { base } of servers)
  await send(base, { path: '/me', headers: [['authorization', `Bearer ${valid[0]}`]] });
const heapStart = heapMiB();
const started = Date.now();
const deadline = started + seconds * 1000;

// The issuer's life: every 30 s an outage of 9 s, longer than freshness plus grace, so
// requests see 503 and then recover; every 20 s a rotation (the old key kept).
let outages = 0;
let rotations = 0;
const life = setInterval(async () => {
  const t = Math.floor((Date.now() - started) / 1000);
  if (t % 30 === 5) {
    issuer.setOutage(true);
    outages += 1;
    setTimeout(() => issuer.setOutage(false), 9_000);
  }
  if (t % 20 === 10) {
    await issuer.rotate({ keepPrevious: true });
    rotations += 1;
    await refreshPool();
  }
}, 1_000);

const worker = async (base: string, tally: Tally) => {
  while (Date.now() < deadline) {
    const { kind, headers } = nextRequest();
    try {
      const res = await send(base, { path: '/me', headers });
      count(tally, `${kind} → ${res.status}`);
      if (res.status >= 500 && res.status !== 503) crashes.push(`${kind} → ${res.status}`);
    } catch (error) {
      crashes.push(String(error));
    }
  }
};
await Promise.all(
  servers.flatMap(({ name, base }) =>
    Array.from({ length: connections }, () => worker(base, byAdapter.get(name) as Tally)),
  ),
);
clearInterval(life);
const heapEnd = heapMiB();

console.log(
  `soak: ${seconds}s, ${connections} connections per adapter, ${outages} outages, ${rotations} rotations`,
);
for (const [name, tally] of byAdapter) {
  const total = Object.values(tally).reduce((a, b) => a + b, 0);
  console.log(`\n${name}: ${total} requests (${Math.round(total / seconds)}/s)`);
  for (const [key, n] of Object.entries(tally).sort()) console.log(`  ${key.padEnd(20)} ${n}`);
}
console.log(
  `\nheap: ${heapStart} MiB at start, ${heapEnd} MiB at end${gc ? '' : ' (run with --expose-gc for exact figures)'}`,
);
console.log(`crashes (5xx other than 503, or transport errors): ${crashes.length}`);
for (const { server } of servers) {
  server.closeAllConnections();
  server.close();
}
await issuer.close();
process.exit(crashes.length === 0 ? 0 : 1);
