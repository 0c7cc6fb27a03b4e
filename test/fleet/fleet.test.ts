/**
 * The fleet (examples/fleet): three `node:cluster` instances behind one port, sharing one
 * real Redis. One JWKS fetch serves them all, and a key rotation costs one or two more; an
 * instance started while the issuer is down serves from what Redis holds; a revocation made
 * on one instance is refused by every instance at once; a DPoP proof used on one instance is
 * a replay on the others.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import {
  createDpopProof,
  createTestIssuer,
  generateDpopKey,
  startRedisServer,
  type TestIssuer,
} from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Run from the example's own directory, where its dependencies (tsx among them) resolve.
const EXAMPLE = fileURLToPath(new URL('../../examples/fleet/', import.meta.url));
const INSTANCES = 3;

let issuer: TestIssuer;
let redis: Awaited<ReturnType<typeof startRedisServer>>;
let fleet: ChildProcess;
let base: string;

/** One request on a connection of its own, so the primary hands it to the next instance. */
function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
  origin = base,
): Promise<{ status: number; instance: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}${path}`, { method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, instance: String(res.headers['x-instance']), text }),
      );
    });
    req.once('error', reject);
    req.end(body);
  });
}

/** Starts `instances` processes of the example on `port`, resolving once they all listen. */
async function startFleet(port: number, instances: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: EXAMPLE,
    env: {
      ...process.env,
      ISSUER: issuer.issuer,
      AUDIENCE: issuer.audience,
      REDIS_URL: redis.url,
      PORT: String(port),
      INSTANCES: String(instances),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`the fleet did not start:\n${output}`)),
      30_000,
    );
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('fleet ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', seen);
    child.stderr?.on('data', seen);
    child.once('exit', (code) => reject(new Error(`the fleet exited (${code}):\n${output}`)));
  });
  return child;
}

async function stopFleet(child: ChildProcess | undefined): Promise<void> {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

const randomPort = () => 20_000 + Math.floor(Math.random() * 20_000);

beforeAll(async () => {
  [issuer, redis] = await Promise.all([createTestIssuer(), startRedisServer()]);
  const port = randomPort();
  base = `http://127.0.0.1:${port}`;
  fleet = await startFleet(port, INSTANCES);
}, 60_000);

afterAll(async () => {
  await stopFleet(fleet);
  await Promise.all([issuer?.close(), redis?.stop()]);
});

describe('a fleet sharing Redis', () => {
  it('makes one JWKS fetch for every instance', async () => {
    const token = await issuer.mint();
    const answers = [];
    for (let i = 0; i < 4 * INSTANCES; i += 1) {
      answers.push(await send('GET', '/api/whoami', { authorization: `Bearer ${token}` }));
    }
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(new Set(answers.map((answer) => answer.instance)).size).toBe(INSTANCES);
    expect(issuer.requests.jwks).toBe(1);
  });

  it('costs the issuer at most two JWKS fetches for a key rotation, whatever the fleet size', async () => {
    const before = issuer.requests.jwks;
    await issuer.rotate({ keepPrevious: true });
    const token = await issuer.mint();
    // Every instance meets the new kid at about the same time.
    const answers = await Promise.all(
      Array.from({ length: 3 * INSTANCES }, () =>
        send('GET', '/api/whoami', { authorization: `Bearer ${token}` }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    expect(new Set(answers.map((answer) => answer.instance)).size).toBe(INSTANCES);
    expect(issuer.requests.jwks - before).toBeGreaterThanOrEqual(1);
    expect(issuer.requests.jwks - before).toBeLessThanOrEqual(2);
  });

  it('serves from what Redis holds on an instance started while the issuer is down', async () => {
    const token = await issuer.mint();
    const port = randomPort();
    const discovery = issuer.requests.discovery;
    issuer.setOutage(true);
    let late: ChildProcess | undefined;
    try {
      late = await startFleet(port, 1);
      const answer = await send(
        'GET',
        '/api/whoami',
        { authorization: `Bearer ${token}` },
        undefined,
        `http://127.0.0.1:${port}`,
      );
      expect(answer.status).toBe(200);
      // It is a process of its own, and it asked the issuer nothing.
      expect(answer.instance).not.toBe('undefined');
      expect(issuer.requests.discovery).toBe(discovery);
    } finally {
      issuer.setOutage(false);
      await stopFleet(late);
    }
  }, 60_000);

  it('refuses a token revoked on one instance on every instance, at once', async () => {
    const token = await issuer.mint({ claims: { jti: 'revoked-in-the-fleet' } });
    const admin = await issuer.mint({ claims: { roles: ['admin'] } });
    for (let i = 0; i < INSTANCES; i += 1) {
      expect((await send('GET', '/api/whoami', { authorization: `Bearer ${token}` })).status).toBe(
        200,
      );
    }
    const revoked = await send(
      'POST',
      '/admin/revoke',
      { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      JSON.stringify({ jti: 'revoked-in-the-fleet', until: Math.floor(Date.now() / 1000) + 300 }),
    );
    expect(revoked.status).toBe(200);
    const after = [];
    for (let i = 0; i < 2 * INSTANCES; i += 1) {
      after.push(await send('GET', '/api/whoami', { authorization: `Bearer ${token}` }));
    }
    expect(new Set(after.map((answer) => answer.instance)).size).toBe(INSTANCES);
    expect(after.map((answer) => answer.status)).toEqual(after.map(() => 401));
  });

  it('refuses a DPoP proof on every instance once one has taken it', async () => {
    const key = await generateDpopKey();
    const token = await issuer.mint({ claims: { cnf: { jkt: key.jkt } } });
    const proof = await createDpopProof(key, {
      method: 'GET',
      url: `${base}/api/whoami`,
      accessToken: token,
    });
    const headers = { authorization: `DPoP ${token}`, dpop: proof };
    const first = await send('GET', '/api/whoami', headers);
    expect(first.status).toBe(200);
    const replays = [];
    for (let i = 0; i < 2 * INSTANCES; i += 1)
      replays.push(await send('GET', '/api/whoami', headers));
    expect(new Set(replays.map((answer) => answer.instance)).size).toBe(INSTANCES);
    expect(replays.map((answer) => answer.status)).toEqual(replays.map(() => 401));
  });
});
