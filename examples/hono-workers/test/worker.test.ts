/**
 * The Worker in workerd, started the way `pnpm start` starts it (Node 22, miniflare, a local
 * issuer), answers every curl command the demo prints with the status the demo promises.
 * Needs the built packages (`pnpm build` at the root), as the demo does.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const exampleDir = fileURLToPath(new URL('..', import.meta.url));

// The Node 22 binary of the `node` devDependency (miniflare's engines floor).
function node22(): string {
  const dir = dirname(require.resolve('node/package.json'));
  const { bin } = require('node/package.json') as { bin: { node: string } };
  return join(dir, bin.node);
}

interface PrintedCommand {
  readonly status: number;
  readonly method: string;
  readonly url: string;
  readonly token: string | undefined;
}

const COMMAND =
  /^# .*?→ (\d{3}).*\ncurl -i (?:-X (\w+) )?(\S+)(?: -H 'Authorization: Bearer ([^']+)')?$/gm;

let demo: ChildProcessByStdio<null, Readable, Readable>;
let output = '';
let tempDir: string;

// The demo is its own process group: stopping it takes workerd, its grandchild, too.
const signal = (name: NodeJS.Signals) => {
  try {
    process.kill(-demo.pid!, name);
  } catch {}
};

beforeAll(async () => {
  // The demo's temporary files (miniflare's, tsx's) go where afterAll removes them.
  tempDir = await mkdtemp(join(tmpdir(), 'hono-workers-demo-'));
  demo = spawn(node22(), ['--import', 'tsx', 'src/dev.ts'], {
    cwd: exampleDir,
    env: { ...process.env, PORT: '0', TMPDIR: tempDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  process.once('exit', () => signal('SIGKILL'));
  await new Promise<void>((resolve, reject) => {
    const keep = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Serving until stopped')) resolve();
    };
    demo.stdout.on('data', keep);
    demo.stderr.on('data', keep);
    demo.once('exit', (code) =>
      reject(
        new Error(
          `the demo exited (${code}); it bundles the built packages (pnpm build at the root):\n${output}`,
        ),
      ),
    );
  });
}, 30_000);

afterAll(async () => {
  if (demo && demo.exitCode === null && demo.signalCode === null) {
    const exited = new Promise((resolve) => demo.once('exit', resolve));
    signal('SIGTERM');
    const timer = setTimeout(() => signal('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  if (demo) signal('SIGKILL');
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

it('answers each printed curl command with the status its comment names', async () => {
  const commands: PrintedCommand[] = [...output.matchAll(COMMAND)].map(
    ([, status, method, url, token]) => ({
      status: Number(status),
      method: method ?? 'GET',
      url: url!,
      token,
    }),
  );
  expect(commands.length).toBeGreaterThanOrEqual(4);
  for (const { status, method, url, token } of commands) {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    const response = await fetch(url, { method, headers });
    expect({ url, method, status: response.status }).toEqual({ url, method, status });
  }
});

it('serves /api/me to a valid token and challenges a request without one', async () => {
  const [valid] = [...output.matchAll(COMMAND)].filter(
    ([, status, , , token]) => status === '200' && token,
  );
  const base = new URL(valid![3]!).origin;
  const me = await fetch(`${base}/api/me`, { headers: { authorization: `Bearer ${valid![4]}` } });
  expect(me.status).toBe(200);
  expect(await me.json()).toEqual({ sub: 'user-123', scope: 'read:orders' });
  const anonymous = await fetch(`${base}/api/me`);
  expect(anonymous.status).toBe(401);
  expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="api"');
  expect((await fetch(`${base}/health`)).status).toBe(200);
});
