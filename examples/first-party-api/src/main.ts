/**
 * `pnpm start`: the first-party demo on 127.0.0.1 (PORT, default 3000). It logs its demo
 * users in, issues their tokens, and verifies them; it needs no other service.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { demoGuide } from './guide.js';
import { createDemoUsers, type DemoUser } from './users.js';

const DEMO_USERS: readonly DemoUser[] = [
  { username: 'alice', sub: 'user-alice', scope: 'read:profile read:orders', roles: ['admin'] },
  { username: 'bob', sub: 'user-bob', scope: 'read:profile', roles: [] },
];

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

const users = await createDemoUsers(DEMO_USERS);
// Listen first: the issuer is this server's own origin, port included (PORT=0 picks one).
// The app is attached in the same turn as the listen callback, before any request is read.
const server = createServer();
const origin = `http://127.0.0.1:${await listen(server, Number(process.env.PORT ?? 3000))}`;
// Made at each start because the memory store forgets the key ring when the process ends,
// so nothing sealed under this secret outlives it. With a store that outlives the process
// (Redis for a fleet), every instance and every restart must read one secret from a secret
// manager, or no instance can open the private keys already in the store.
const encryptionSecret = randomBytes(32).toString('base64url');
const { app, tokens } = createApp({ origin, users, encryptionSecret });
server.on('request', app);

const credentials = users.credentials;
console.log(
  demoGuide({
    origin,
    users: DEMO_USERS.map((user, index) => ({ user, credential: credentials[index]! })),
  }),
);

const stop = () => {
  tokens.close();
  server.close();
  server.closeAllConnections();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
