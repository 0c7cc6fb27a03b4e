/** The browser example: open the printed URL, log in, call the API, log out (PORT, default 3005). */
import { randomBytes } from 'node:crypto';
import { startFirstParty } from './server.js';
import { createUsers } from './users.js';

// Made at each start and printed once: nothing keeps it in clear.
const password = randomBytes(12).toString('base64url');
const users = await createUsers([
  { username: 'alice', password, sub: 'user-alice', scope: 'read:profile' },
]);
const running = await startFirstParty({
  port: Number(process.env.PORT ?? 3005),
  users,
  // The memory store lives as long as this process, so a fresh secret each start is enough.
  encryptionSecret: randomBytes(32),
  accessTokenTtl: '1m',
});

console.log(`jwt-guard first-party browser example on ${running.origin}`);
console.log(`Open it in a browser and log in as alice with the password ${password}`);
console.log('Access tokens live 1 minute; the page refreshes them silently. Ctrl-C stops.');

const stop = () => {
  void running.close();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
