/**
 * `pnpm start` (examples/first-party-api): the real demo process logs its users in through
 * its own token endpoints, verifies their tokens by discovery of its own metadata, refreshes
 * and logs out, and runs without @jwt-guard/testing anywhere on its path.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDemoUsers } from '@jwt-guard/example-first-party-api/users';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLE = join(ROOT, 'examples/first-party-api');
const IMPORT_LOG_HOOK = new URL('./import-log/register.mjs', import.meta.url).href;

interface Demo {
  child: ChildProcess;
  output: () => string;
  origin: string;
  /** username → the login URL and password the printed curl uses. */
  logins: Map<string, { url: string; password: string }>;
}

let demo: Demo;
let logDir: string;
const importLog = () => join(logDir, 'imports.log');

/** Starts the demo as its `start` script does (tsx on src/main.ts), on a free port. */
async function startDemo(): Promise<Demo> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--import', IMPORT_LOG_HOOK, 'src/main.ts'],
    {
      cwd: EXAMPLE,
      env: { ...process.env, PORT: '0', JWT_GUARD_IMPORT_LOG: importLog() },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo did not start:\n${output}`)), 60_000);
    child.stdout?.on('data', () => {
      if (output.includes('Serving until stopped')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the demo exited with ${code}:\n${output}`));
    });
  });
  const origin = /first-party demo on (http:\/\/127\.0\.0\.1:\d+) /.exec(output)?.[1];
  if (!origin) throw new Error(`no origin printed:\n${output}`);
  const logins = new Map<string, { url: string; password: string }>();
  for (const match of output.matchAll(
    /curl -s -X POST (\S+\/auth\/login) -d username=(\w+) -d password=([\w-]+)/g,
  )) {
    const [, url, username, password] = match;
    if (url && username && password && !logins.has(username)) {
      logins.set(username, { url, password });
    }
  }
  return { child, output: () => output, origin, logins };
}

const post = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', body: new URLSearchParams(fields), headers });

const call = (method: string, url: string, token?: string) =>
  fetch(url, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });

interface TokenAnswer {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token?: string;
  scope: string;
}

async function login(username: string): Promise<TokenAnswer> {
  const printed = demo.logins.get(username);
  if (!printed) throw new Error(`no login printed for ${username}`);
  const answer = await post(printed.url, { username, password: printed.password });
  expect(answer.status).toBe(200);
  return (await answer.json()) as TokenAnswer;
}

beforeAll(async () => {
  logDir = mkdtempSync(join(tmpdir(), 'jwt-guard-demo-'));
  demo = await startDemo();
}, 90_000);

afterAll(() => {
  demo?.child.kill('SIGKILL');
  rmSync(logDir, { recursive: true, force: true });
});

describe('examples/first-party-api: pnpm start', () => {
  it('is what `pnpm start` runs, and its start script runs the entry this test starts', () => {
    const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const example = JSON.parse(readFileSync(join(EXAMPLE, 'package.json'), 'utf8'));
    expect(root.scripts.start).toBe(
      'pnpm build && pnpm --filter @jwt-guard/example-first-party-api start',
    );
    expect(example.name).toBe('@jwt-guard/example-first-party-api');
    expect(example.scripts.start).toBe('tsx src/main.ts');
  });

  it('prints the users and the curls of a whole session against its own origin', () => {
    expect([...demo.logins.keys()]).toEqual(['alice', 'bob']);
    expect(demo.logins.get('alice')?.url).toBe(`${demo.origin}/auth/login`);
    const printed = demo.output();
    for (const command of [
      `curl -i ${demo.origin}/api/me -H "Authorization: Bearer $ACCESS"`,
      `curl -s -X POST ${demo.origin}/auth/token -d grant_type=refresh_token --data-urlencode "refresh_token=$REFRESH"`,
      `curl -i -X POST ${demo.origin}/auth/logout -H "Authorization: Bearer $ACCESS" --data-urlencode "refresh_token=$REFRESH"`,
      `curl -i -X POST ${demo.origin}/browser/auth/login -H 'X-Requested-With: curl' -d username=alice`,
    ]) {
      expect(printed).toContain(command);
    }
  });

  it('publishes its own metadata, which names it as the issuer', async () => {
    const metadata = await (
      await fetch(`${demo.origin}/.well-known/oauth-authorization-server`)
    ).json();
    expect(metadata).toMatchObject({
      issuer: demo.origin,
      jwks_uri: `${demo.origin}/.well-known/jwks.json`,
      token_endpoint: `${demo.origin}/auth/token`,
      revocation_endpoint: `${demo.origin}/auth/revoke`,
    });
    const jwks = await (await fetch(metadata.jwks_uri)).json();
    expect(jwks.keys.length).toBeGreaterThanOrEqual(2); // the current key and the next one
  });

  it('logs in, calls the API, refreshes, logs out: then the tokens are refused', async () => {
    const first = await login('alice');
    expect(first).toMatchObject({ token_type: 'Bearer', expires_in: 300 });
    expect(first.refresh_token).toMatch(/^jgr_/);
    expect(first.scope.split(' ').sort()).toEqual(['read:orders', 'read:profile']);

    const api = `${demo.origin}/api`;
    const me = await call('GET', `${api}/me`, first.access_token);
    expect(me.status).toBe(200);
    expect((await me.json()).sub).toBe('user-alice');
    expect((await call('GET', `${api}/orders`, first.access_token)).status).toBe(200);
    expect(await (await call('DELETE', `${api}/orders/1`, first.access_token)).json()).toEqual({
      deleted: '1',
    });

    const refreshed = await post(`${demo.origin}/auth/token`, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token!,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.headers.get('cache-control')).toContain('no-store');
    const next = (await refreshed.json()) as TokenAnswer;
    expect(next.refresh_token).toMatch(/^jgr_/);
    expect(next.refresh_token).not.toBe(first.refresh_token);
    expect((await call('GET', `${api}/me`, next.access_token)).status).toBe(200);

    const logout = await post(
      `${demo.origin}/auth/logout`,
      { refresh_token: next.refresh_token! },
      { authorization: `Bearer ${next.access_token}` },
    );
    expect(logout.status).toBe(204);

    for (const token of [next.access_token, first.access_token]) {
      const refused = await call('GET', `${api}/me`, token);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
    for (const token of [next.refresh_token!, first.refresh_token!]) {
      const again = await post(`${demo.origin}/auth/token`, {
        grant_type: 'refresh_token',
        refresh_token: token,
      });
      expect(again.status).toBe(400);
      expect(await again.json()).toMatchObject({ error: 'invalid_grant' });
    }
    // Nothing the demo printed or logged carries a token.
    for (const token of [first.access_token, first.refresh_token!, next.refresh_token!]) {
      expect(demo.output()).not.toContain(token);
    }
  });

  it("guards its routes by the user's scope and role", async () => {
    const bob = await login('bob');
    const orders = await call('GET', `${demo.origin}/api/orders`, bob.access_token);
    expect(orders.status).toBe(403);
    expect(orders.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect((await call('DELETE', `${demo.origin}/api/orders/1`, bob.access_token)).status).toBe(
      403,
    );
    expect((await call('GET', `${demo.origin}/api/me`, bob.access_token)).status).toBe(200);

    const anonymous = await call('GET', `${demo.origin}/api/orders`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain(
      `resource_metadata="${demo.origin}/.well-known/oauth-protected-resource"`,
    );
  });

  it('refuses a wrong password and an unknown user alike: 401 invalid_grant', async () => {
    const url = `${demo.origin}/auth/login`;
    const alice = demo.logins.get('alice')!;
    const attempts: Array<Record<string, string>> = [
      { username: 'alice', password: `${alice.password}x` },
      { username: 'mallory', password: alice.password },
      { username: 'alice' },
    ];
    for (const fields of attempts) {
      const refused = await post(url, fields);
      expect(refused.status).toBe(401);
      expect(await refused.json()).toEqual({ error: 'invalid_grant' });
    }
  });

  it('keeps the refresh token of its browser mount in a __Host- cookie, never in a body', async () => {
    const fields = { username: 'alice', password: demo.logins.get('alice')!.password };
    const url = `${demo.origin}/browser/auth/login`;
    // The login sets the cookie, so it needs the CSRF header too.
    expect((await post(url, fields)).status).toBe(403);
    const answer = await post(url, fields, { 'x-requested-with': 'curl' });
    expect(answer.status).toBe(200);
    const body = await answer.json();
    expect(typeof body.access_token).toBe('string');
    expect(body.refresh_token).toBeUndefined();
    const cookie = answer.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-[^=]+=jgr_/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const pair = cookie.split(';')[0]!;
    const refresh = (headers: Record<string, string>) =>
      post(`${demo.origin}/browser/auth/token`, { grant_type: 'refresh_token' }, headers);
    expect((await refresh({ cookie: pair })).status).toBe(403); // no CSRF header
    expect((await refresh({ cookie: pair, 'x-requested-with': 'fetch' })).status).toBe(200);
  });

  it('never loads @jwt-guard/testing: not in its dependencies, not among the modules it ran', () => {
    const closure = dependencyClosure(EXAMPLE);
    expect(closure).toContain('@jwt-guard/issuer');
    expect(closure).toContain('@jwt-guard/core');
    expect(closure).not.toContain('@jwt-guard/testing');
    expect(closure).not.toContain('@jwt-guard/example-kit');

    // The modules the process resolved while it served the tests above.
    const loaded = readFileSync(importLog(), 'utf8').split('\n');
    expect(loaded.some((url) => url.includes('/packages/issuer/'))).toBe(true);
    expect(loaded.some((url) => url.includes('/packages/express/'))).toBe(true);
    expect(loaded.filter((url) => /packages\/testing\/|examples\/kit\//.test(url))).toEqual([]);
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => demo.child.once('exit', resolve));
    demo.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

describe('examples/first-party-api users', () => {
  it('knows a user only by the password made for it', async () => {
    const users = await createDemoUsers([
      { username: 'alice', sub: 'user-alice', scope: 'read', roles: ['admin'] },
    ]);
    const password = users.credentials[0]!.password;
    expect(password).toMatch(/^[\w-]{16}$/);
    expect((await users.check('alice', password))?.sub).toBe('user-alice');
    expect(await users.check('alice', `${password}!`)).toBeUndefined();
    expect(await users.check('bob', password)).toBeUndefined();
    expect(await users.check('alice', undefined)).toBeUndefined();
    expect(await users.check(['alice'], password)).toBeUndefined();
  });
});

/** The package names a package needs at run time, followed through workspace packages. */
function dependencyClosure(directory: string, seen = new Set<string>()): Set<string> {
  const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
  const names = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies });
  for (const name of names) {
    if (seen.has(name)) continue;
    seen.add(name);
    if (name.startsWith('@jwt-guard/')) {
      dependencyClosure(realpathSync(join(directory, 'node_modules', name)), seen);
    }
  }
  return seen;
}
