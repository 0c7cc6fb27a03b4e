/**
 * The example's user table: passwords kept only as salted scrypt hashes, the way a real one
 * keeps them, so the example shows the habit to copy.
 */
import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/** Who logged in: becomes the access token's `sub` and `scope`. */
export interface User {
  readonly sub: string;
  readonly scope: string;
}

/** A user to create, with the password they will log in with. */
export interface UserEntry extends User {
  readonly username: string;
  readonly password: string;
}

/** Checks a username and password. */
export interface Users {
  /** The user whose password this is, or `undefined`; the same work either way. */
  check(username: unknown, password: unknown): Promise<User | undefined>;
}

interface Stored {
  readonly user: User;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

// RFC 7914 §2 cost: N = 2^15, r = 8 is OWASP's floor for interactive logins.
const COST: ScryptOptions = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

const hash = (password: string, salt: Buffer) =>
  new Promise<Buffer>((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, 32, COST, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });

async function store(user: User, password: string): Promise<Stored> {
  const salt = randomBytes(16);
  return { user, salt, hash: await hash(password, salt) };
}

/**
 * Hashes each entry's password and forgets it. An unknown username is checked against a
 * decoy record, so neither the time taken nor an early exit tells which usernames exist.
 *
 * @example
 * ```ts
 * const users = await createUsers([{ username: 'alice', password, sub: 'u-1', scope: 'read:profile' }]);
 * const alice = await users.check('alice', password);
 * ```
 */
export async function createUsers(entries: readonly UserEntry[]): Promise<Users> {
  const byName = new Map<string, Stored>();
  for (const { username, password, sub, scope } of entries) {
    byName.set(username, await store({ sub, scope }, password));
  }
  const decoy = await store({ sub: '', scope: '' }, randomBytes(16).toString('base64url'));
  return {
    async check(username, password) {
      if (typeof username !== 'string' || typeof password !== 'string') return undefined;
      const record = byName.get(username);
      const against = record ?? decoy;
      const matches = timingSafeEqual(await hash(password, against.salt), against.hash);
      return matches && record ? record.user : undefined;
    },
  };
}
