/**
 * Key set lifecycles seen through the verified-token cache (SECURITY.md, "Keys held,
 * verifications reused"): each scenario has its own issuer behind `/short/<route>`, whose key
 * set is stale after {@link SHORT_JWKS}' second, and runs explicit steps with waits of a
 * few seconds at most. Independent of each other, so a target runs them at once.
 */
import type { TestIssuer } from '@jwt-guard/testing';
import { SHORT_JWKS } from './app-config.js';
import {
  type Answer,
  accepted,
  BAD_SIGNATURE,
  bearer,
  refusedToken,
  type ScenarioContext,
  type ScenarioRequest,
  UNAVAILABLE,
} from './scenarios.js';

/** What a lifecycle step may use: the scenario's issuer, and a way to check an answer. */
export interface LifecycleContext extends ScenarioContext {
  /** The issuer behind this scenario's route. */
  readonly own: TestIssuer;
  /**
   * Sends `request` twice (the second answer may come from the cache); both must be
   * `answer`. With `withinMs`, sends again until they are, for at most that long.
   */
  readonly expectAnswer: (
    request: ScenarioRequest,
    answer: Answer,
    withinMs?: number,
  ) => Promise<void>;
}

/** A scenario of explicit steps. */
export interface LifecycleScenario {
  readonly name: string;
  /** Its route is `/short/<route>`, on an issuer of its own. */
  readonly route: string;
  readonly run: (ctx: LifecycleContext) => Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Past the key set's freshness, with room for a slow machine.
const PAST_FRESHNESS_MS = SHORT_JWKS.cacheMaxAge! + 250;

// A hit on a set past its freshness is still answered from that set while it starts the
// refresh in the background (SECURITY.md); the refresh lands within this much more.
const REFRESH_LANDS_MS = 1500;

const on = (route: string, token: string): ScenarioRequest => ({
  path: `/short/${route}`,
  headers: bearer(token),
});

/** The lifecycle scenarios. */
export const LIFECYCLE_SCENARIOS: readonly LifecycleScenario[] = [
  {
    name: 'a key replaced under the same kid: its cached tokens stop once the set is stale',
    route: 'same-kid',
    async run({ own, expectAnswer }) {
      const old = await own.mint();
      await expectAnswer(on(this.route, old), accepted(`short/${this.route}`));
      await own.rotate({ sameKid: true });
      const renewed = await own.mint();
      await sleep(PAST_FRESHNESS_MS);
      // Only the cached token arrives: its hits past freshness start the refresh.
      await expectAnswer(on(this.route, old), refusedToken(BAD_SIGNATURE), REFRESH_LANDS_MS);
      await expectAnswer(on(this.route, renewed), accepted(`short/${this.route}`));
    },
  },
  {
    name: 'a key removed from the set: its cached token stops once the set is stale',
    route: 'removed-key',
    async run({ own, expectAnswer }) {
      const old = await own.mint();
      await expectAnswer(on(this.route, old), accepted(`short/${this.route}`));
      await own.rotate();
      await sleep(PAST_FRESHNESS_MS);
      // Only the cached token arrives: its hits past freshness start the refresh.
      await expectAnswer(
        on(this.route, old),
        refusedToken('No signing key matches the access token'),
        REFRESH_LANDS_MS,
      );
    },
  },
  {
    name: 'an outage past freshness and staleIfError: cached tokens get 503',
    route: 'outage',
    async run({ own, expectAnswer }) {
      const token = await own.mint();
      await expectAnswer(on(this.route, token), accepted(`short/${this.route}`));
      own.setOutage(true);
      await sleep(PAST_FRESHNESS_MS + SHORT_JWKS.staleIfError!);
      await expectAnswer(on(this.route, token), UNAVAILABLE);
    },
  },
];
