/**
 * Runs the scenario table against one running app: fresh issuers and an attacker server per
 * target, started and stopped by the suite itself.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from './app-config.js';
import { BINDING_SCENARIOS } from './binding-scenarios.js';
import { CHURN_SCENARIOS } from './churn-scenarios.js';
import { HOSTILE_SCENARIOS } from './hostile-scenarios.js';
import { INTROSPECTION_SCENARIOS } from './introspection-scenarios.js';
import { ISSUER_SCENARIOS } from './issuer-scenarios.js';
import { KEY_SET_SCENARIOS } from './key-set-scenarios.js';
import { LIFECYCLE_SCENARIOS, type LifecycleScenario } from './lifecycle-scenarios.js';
import { OPTION_SCENARIOS } from './option-scenarios.js';
import { POLICY_SCENARIOS } from './policy-scenarios.js';
import { RESOURCE_SCENARIOS } from './resource-scenarios.js';
import {
  type Answer,
  ROTATION_SCENARIO,
  SCENARIOS,
  type ScenarioContext,
  type ScenarioRequest,
  type ScenarioResponse,
} from './scenarios.js';
import { send } from './send.js';
import { SOURCE_SCENARIOS } from './source-scenarios.js';
import { startTargetIssuers, type TargetIssuers } from './target-issuers.js';

/** A way to start one app under test: returns its base URL and how to stop it. */
export type StartTarget = (
  config: AppConfig,
) => Promise<{ base: string; stop: () => Promise<void> }>;

/** Every row of the table, in order; rotation changes the main issuer's keys, so it runs last. */
export const TABLE = [
  ...SCENARIOS,
  ...SOURCE_SCENARIOS,
  ...OPTION_SCENARIOS,
  ...HOSTILE_SCENARIOS,
  ...KEY_SET_SCENARIOS,
  ...ISSUER_SCENARIOS,
  ...CHURN_SCENARIOS,
  ...RESOURCE_SCENARIOS,
  ...POLICY_SCENARIOS,
  ...BINDING_SCENARIOS,
  ...INTROSPECTION_SCENARIOS,
  ROTATION_SCENARIO,
];

/** One answer, as seen or as expected; a 503 must also say when to retry. */
interface Seen extends Answer {
  readonly step: string;
  readonly retryAfter?: unknown;
}

const seen = (step: string, response: ScenarioResponse): Seen => ({
  step,
  status: response.status,
  challenge: response.headers['www-authenticate'] ?? null,
  body: response.body,
  ...(response.status === 503 ? { retryAfter: response.headers['retry-after'] ?? null } : {}),
});

const expected = (step: string, answer: Answer): Seen => ({
  step,
  status: answer.status,
  challenge: answer.challenge,
  body: answer.body,
  ...(answer.status === 503 ? { retryAfter: expect.stringMatching(/^\d+$/) } : {}),
});

// Each request goes twice: the second answer comes from the verified-token cache (or its
// memory of failures), and must be the same.
async function sendTwice(
  context: ScenarioContext,
  request: ScenarioRequest,
  label = '',
  again?: () => Promise<ScenarioRequest>,
) {
  const answers: Seen[] = [];
  for (const attempt of ['first', 'repeated']) {
    const sent = attempt === 'repeated' && again ? await again() : request;
    answers.push(seen(`${label}${attempt}`, await context.send(sent)));
  }
  return answers;
}

const expectedTwice = (answer: Answer, label = '') =>
  ['first', 'repeated'].map((attempt) => expected(`${label}${attempt}`, answer));

/**
 * Runs a lifecycle scenario to its end, recording every answer beside the one expected,
 * so that it can run in the background while the table does.
 */
async function runLifecycle(scenario: LifecycleScenario, context: ScenarioContext) {
  const record = { observed: [] as Seen[], expected: [] as Seen[] };
  let step = 0;
  try {
    await scenario.run({
      ...context,
      own: context.issuers.short[scenario.route]!,
      expectAnswer: async (request, answer, withinMs = 0) => {
        step += 1;
        const label = `step ${step}, `;
        const wanted = expectedTwice(answer, label);
        const deadline = Date.now() + withinMs;
        let observed = await sendTwice(context, request, label);
        while (!isDeepStrictEqual(observed, wanted) && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          observed = await sendTwice(context, request, label);
        }
        record.expected.push(...wanted);
        record.observed.push(...observed);
      },
    });
  } catch (error) {
    record.observed.push({ step: 'error', status: 0, challenge: null, body: String(error) });
  }
  return record;
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
    let issuers: TargetIssuers | undefined;
    let stopTarget: () => Promise<void> = async () => {};
    let attackerHits = 0;
    const attacker = createServer((_req, res) => {
      attackerHits += 1;
      res.end('{"keys":[]}');
    });
    const ctx: { current?: ScenarioContext } = {};
    const lifecycles = new Map<LifecycleScenario, ReturnType<typeof runLifecycle>>();

    beforeAll(async () => {
      issuers = await startTargetIssuers();
      await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
      const attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
      const target = await start(issuers.config);
      stopTarget = target.stop;
      const context: ScenarioContext = {
        issuer: issuers.main,
        issuers,
        attackerUrl,
        base: target.base,
        send: (request) => send(target.base, request),
      };
      ctx.current = context;
      for (const scenario of LIFECYCLE_SCENARIOS) {
        lifecycles.set(scenario, runLifecycle(scenario, context));
      }
    });
    afterAll(async () => {
      await Promise.all(lifecycles.values());
      await stopTarget();
      attacker.close();
      await issuers?.close();
    });

    for (const scenario of TABLE) {
      it(scenario.name, async () => {
        const context = ctx.current!;
        const request = await scenario.request(context);
        const again = scenario.fresh ? () => scenario.request(context) : undefined;
        const answer = scenario.on?.[name] ?? scenario;
        expect(await sendTwice(context, request, '', again)).toEqual(expectedTwice(answer));
      });
    }

    // Each on its own issuer and route, started with the target: their waits pass while
    // the table runs.
    for (const scenario of LIFECYCLE_SCENARIOS) {
      it(`lifecycle: ${scenario.name}`, async () => {
        const { observed, expected } = await lifecycles.get(scenario)!;
        expect(observed).toEqual(expected);
      });
    }

    it('never contacted the attacker named in jku/x5u headers', () => {
      expect(attackerHits).toBe(0);
    });

    it('never contacted the issuer no route trusts', () => {
      const { requests } = issuers!.foreign;
      expect(requests.discovery + requests.jwks).toBe(0);
    });
  });
}
