/**
 * Hono's `wsAuth` before `upgradeWebSocket` from `hono/cloudflare-workers`, in workerd itself
 * (through miniflare), with real sockets from the `ws` client.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { EDGE_BUILD_OPTIONS } from '../edge/bundle.js';
import { type ChildServer, startChildServer } from '../edge/child-server.js';
import { node22Binary } from '../edge/runtime-binaries.js';

const ENTRY = fileURLToPath(new URL('./workerd-entry.ts', import.meta.url));
const LAUNCHER = fileURLToPath(new URL('../edge/miniflare-launcher.ts', import.meta.url));

let issuer: TestIssuer;
let dir: string | undefined;
let worker: ChildServer | undefined;

beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['ES256'] });
  dir = await mkdtemp(join(tmpdir(), 'jwt-guard-ws-workerd-'));
  const script = join(dir, 'worker.js');
  await build({ ...EDGE_BUILD_OPTIONS, entryPoints: [ENTRY], outfile: script });
  const { NODE_OPTIONS: _dropped, ...env } = process.env;
  worker = await startChildServer(
    node22Binary(),
    [
      LAUNCHER,
      ...['--script', script, '--compatibility-date', '2026-07-01'],
      ...['--var', `ISSUER=${issuer.issuer}`, '--var', `AUDIENCE=${issuer.audience}`],
    ],
    // Miniflare's temporary files go where afterAll removes them.
    { cwd: dir, env: { ...env, TMPDIR: dir, DO_NOT_TRACK: '1' } },
  );
}, 30_000);
afterAll(async () => {
  await worker?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
  await issuer?.close();
});

type Outcome = { ws: WebSocket } | { status: number; challenge: string | undefined };

/** Opens `/ws`, the token (if any) in `?access_token=`: the open socket or the refusal. */
function connect(token?: string): Promise<Outcome> {
  return connectTo(token === undefined ? '' : `?access_token=${token}`);
}

/** Opens `/ws` with the query `query` (`''` or starting with `?`). */
function connectTo(query: string): Promise<Outcome> {
  const ws = new WebSocket(`${worker!.base.replace('http', 'ws')}/ws${query}`);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0, challenge: res.headers['www-authenticate'] });
      res.resume();
    });
    ws.once('error', reject);
  });
}

function opened(outcome: Outcome): WebSocket {
  if (!('ws' in outcome)) throw new Error(`refused with ${outcome.status}`);
  return outcome.ws;
}

const next = (ws: WebSocket) =>
  new Promise<string>((resolve) => ws.once('message', (data) => resolve(String(data))));
const closed = (ws: WebSocket) =>
  new Promise<[number, string]>((resolve) => ws.once('close', (c, r) => resolve([c, String(r)])));

describe('wsAuth with hono/cloudflare-workers in workerd', () => {
  it('opens with a valid token in ?access_token= and echoes', async () => {
    const ws = opened(await connect(await issuer.mint({ claims: { sub: 'erin' } })));
    const reply = next(ws);
    ws.send('hello');
    expect(await reply).toBe('echo:hello');
    const done = closed(ws);
    ws.close(1000);
    expect((await done)[0]).toBe(1000);
  });

  it('refuses the upgrade without a token: 401 with the challenge, no socket', async () => {
    expect(await connect()).toEqual({ status: 401, challenge: 'Bearer realm="api"' });
  });

  it('refuses the upgrade with an expired token: 401 invalid_token', async () => {
    const exp = Math.floor(Date.now() / 1000) - 60;
    const outcome = await connect(await issuer.mint({ claims: { exp } }));
    expect(outcome).toMatchObject({ status: 401 });
    expect((outcome as { challenge?: string }).challenge).toMatch(/error="invalid_token"/);
  });

  it('refuses two ?access_token= values: 400 invalid_request, no socket', async () => {
    const [first, second] = [await issuer.mint(), await issuer.mint({ claims: { sub: 'eve' } })];
    for (const query of [
      `?access_token=${first}&access_token=${second}`,
      `?access_token=${first}&access_token=${first}`,
      `?access_token=${first}&access%5Ftoken=${second}`,
    ]) {
      expect(await connectTo(query), query.slice(-12)).toEqual({
        status: 400,
        challenge:
          'Bearer realm="api", error="invalid_request", error_description="More than one access token was presented"',
      });
    }
  });

  it('closes the socket with 1008 once the token expires', async () => {
    // The entry starts the watch with the first message, as onOpen never runs on Workers.
    const exp = Math.floor(Date.now() / 1000) + 2;
    const ws = opened(await connect(await issuer.mint({ claims: { exp } })));
    const done = closed(ws);
    const reply = next(ws);
    ws.send('ping');
    expect(await reply).toBe('echo:ping');
    const [code, reason] = await done;
    expect([code, reason]).toEqual([1008, 'token expired']);
    // Not at once: the close waits for exp (timers may round by a few milliseconds).
    expect(Date.now()).toBeGreaterThan(exp * 1000 - 100);
  }, 10_000);
});
