/**
 * The demo's users. Their passwords are made at start, printed once, and kept only as
 * scrypt hashes: the way a real user table keeps them, so the demo shows the habit to copy.
 */
import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/** A user the demo knows: who they are and what their tokens may do. */
export interface DemoUser {
  readonly username: string;
  /** The stable id that becomes the token's `sub`. */
  readonly sub: string;
  /** Space-separated scopes granted at login. */
  readonly scope: string;
  /** Roles, carried as the `roles` claim that `requireRole` reads. */
  readonly roles: readonly string[];
}

/** A username and the password made for it at this start. */
export interface DemoCredential {
  readonly username: string;
  readonly password: string;
}

/** The demo's users: their printable credentials, and the password check. */
export interface DemoUsers {
  /** The passwords made at this start, to print; nothing else keeps them in clear. */
  readonly credentials: readonly DemoCredential[];
  /** The user whose password this is, or `undefined`; same work whether or not the user exists. */
  check(username: unknown, password: unknown): Promise<DemoUser | undefined>;
}

interface StoredUser {
  readonly user: DemoUser;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

const KEY_LENGTH = 32;
// scrypt's cost (RFC 7914 §2): N = 2^15 is OWASP's current floor for interactive logins.
const COST: ScryptOptions = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function hashPassword(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, COST, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

async function storeUser(user: DemoUser, password: string): Promise<StoredUser> {
  const salt = randomBytes(16);
  return { user, salt, hash: await hashPassword(password, salt) };
}

/**
 * Makes a random password for each user and keeps only its salted scrypt hash.
 *
 * The check hashes the presented password even for an unknown username (against a decoy
 * record), and compares with `timingSafeEqual`: neither the answer time nor an early exit
 * tells an attacker which usernames exist or how much of a hash matched.
 *
 * @example
 * ```ts
 * const users = await createDemoUsers([{ username: 'alice', sub: 'u-1', scope: 'read', roles: [] }]);
 * const alice = await users.check('alice', users.credentials[0]?.password);
 * ```
 */
export async function createDemoUsers(users: readonly DemoUser[]): Promise<DemoUsers> {
  const credentials = users.map((user) => ({
    username: user.username,
    // 96 random bits, URL-safe, so the printed curl needs no quoting.
    password: randomBytes(12).toString('base64url'),
  }));
  const stored = new Map<string, StoredUser>();
  for (const [index, user] of users.entries()) {
    stored.set(user.username, await storeUser(user, credentials[index]!.password));
  }
  const decoy = await storeUser(
    { username: '', sub: '', scope: '', roles: [] },
    randomBytes(12).toString('base64url'),
  );

  return {
    credentials,
    async check(username, password) {
      if (typeof username !== 'string' || typeof password !== 'string') return undefined;
      const record = stored.get(username);
      const against = record ?? decoy;
      const presented = await hashPassword(password, against.salt);
      const matches = timingSafeEqual(presented, against.hash);
      return matches && record ? record.user : undefined;
    },
  };
}
