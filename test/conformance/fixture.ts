/**
 * Runs the scenario table against one running app: a fresh issuer and attacker server per
 * target, started and stopped by the suite itself.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from './app-config.js';
import { HOSTILE_SCENARIOS } from './hostile-scenarios.js';
import { ROTATION_SCENARIO, SCENARIOS, type ScenarioContext } from './scenarios.js';
import { send } from './send.js';

/** A way to start one app under test: returns its base URL and how to stop it. */
export type StartTarget = (
  config: AppConfig,
) => Promise<{ base: string; stop: () => Promise<void> }>;

async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return `http://127.0.0.1:${port}`;
}

/**
 * Declares the whole table as one `describe` block for a target.
 *
 * @example
 * ```ts
 * describeConformance('express', async (config) => startNodeServer(createExpressApp(config)));
 * ```
 */
export function describeConformance(name: string, start: StartTarget): void {
  describe(`conformance: ${name}`, () => {
    let issuer: TestIssuer;
    let stopTarget: () => Promise<void> = async () => {};
    let attackerHits = 0;
    const attacker = createServer((_req, res) => {
      attackerHits += 1;
      res.end('{"keys":[]}');
    });
    const ctx: { current?: ScenarioContext } = {};

    beforeAll(async () => {
      issuer = await createTestIssuer();
      await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
      const attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
      const target = await start({
        issuer: issuer.issuer,
        audience: issuer.audience,
        downIssuer: await deadUrl(),
      });
      stopTarget = target.stop;
      ctx.current = { issuer, attackerUrl, send: (request) => send(target.base, request) };
    });
    afterAll(async () => {
      await stopTarget();
      attacker.close();
      await issuer?.close();
    });

    // Rotation changes the issuer's keys, so it runs last. Each request goes twice: the
    // second answer comes from the verified-token cache (or its memory of failures), and
    // must be the same.
    for (const scenario of [...SCENARIOS, ...HOSTILE_SCENARIOS, ROTATION_SCENARIO]) {
      it(scenario.name, async () => {
        const context = ctx.current!;
        const request = await scenario.request(context);
        for (const attempt of ['first', 'repeated']) {
          const response = await context.send(request);
          expect({
            attempt,
            status: response.status,
            challenge: response.headers['www-authenticate'] ?? null,
            body: response.body,
          }).toEqual({
            attempt,
            status: scenario.status,
            challenge: scenario.challenge,
            body: scenario.body,
          });
          if (scenario.status === 503) expect(response.headers['retry-after']).toMatch(/^\d+$/);
        }
      });
    }

    it('never contacted the attacker named in jku/x5u headers', () => {
      expect(attackerHits).toBe(0);
    });
  });
}
