/**
 * An idle WebSocket on the plain Workers API (`WebSocketPair`), authenticated with core's
 * handshake authenticator, in workerd itself (through miniflare): the server closes it at
 * expiry although the client never sends.
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

const ENTRY = fileURLToPath(new URL('./workerd-pair-entry.ts', import.meta.url));
const LAUNCHER = fileURLToPath(new URL('../edge/miniflare-launcher.ts', import.meta.url));

let issuer: TestIssuer;
let dir: string | undefined;
let worker: ChildServer | undefined;

beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['ES256'] });
  dir = await mkdtemp(join(tmpdir(), 'jwt-guard-ws-pair-'));
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

/** Opens `/raw`, the token (if any) in `?access_token=`: the open socket or the refusal. */
function connect(token?: string): Promise<Outcome> {
  const query = token === undefined ? '' : `?access_token=${token}`;
  const ws = new WebSocket(`${worker!.base.replace('http', 'ws')}/raw${query}`);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0, challenge: res.headers['www-authenticate'] });
      res.resume();
    });
    ws.once('error', reject);
  });
}

describe('closeOnExpiry on a WebSocketPair in workerd', () => {
  it('refuses the upgrade without a token: 401 with the challenge, no socket', async () => {
    expect(await connect()).toEqual({ status: 401, challenge: 'Bearer realm="api"' });
  });

  it('closes an idle socket with 1008 once the token expires, not before', async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const outcome = await connect(await issuer.mint({ claims: { exp } }));
    if (!('ws' in outcome)) throw new Error(`refused with ${outcome.status}`);
    const messages: string[] = [];
    outcome.ws.on('message', (data) => messages.push(String(data)));
    const [code, reason] = await new Promise<[number, string]>((resolve) =>
      outcome.ws.once('close', (c, r) => resolve([c, String(r)])),
    );
    expect([code, reason]).toEqual([1008, 'token expired']);
    // Not at once: the close waits for exp (timers may round by a few milliseconds).
    expect(Date.now()).toBeGreaterThan(exp * 1000 - 100);
    expect(messages).toEqual([]);
  }, 10_000);
});
