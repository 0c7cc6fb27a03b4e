/**
 * Issue 19 §1.1, unauthenticated issuer churn, over HTTP. `GET /churn` admits the second
 * issuer and every `{churn origin}/tenants/{uuid}` by pattern, as a multi-tenant preset
 * does, with a budget of {@link CHURN_BUDGET} fetches a minute for issuers that have not
 * verified a token. A flood of fresh tenants must get 401 `invalid_token` (never 503), the
 * churn origin must see no more requests than the budget allows, and the second issuer,
 * established before the flood, must keep working without fetching its keys again.
 */
import { randomUUID } from 'node:crypto';
import { CHURN_BUDGET } from './app-config.js';
import {
  accepted,
  bearer,
  invalidToken,
  refusedToken,
  type Scenario,
  type ScenarioContext,
  type ScenarioRequest,
} from './scenarios.js';

const ISSUER_REFUSED = 'The access token issuer is not accepted';
const BUDGET_SPENT = 'The access token issuer cannot be admitted now';

const get = (token: string): ScenarioRequest => ({ path: '/churn', headers: bearer(token) });

/** A token naming a tenant the churn origin has never heard of (it answers 404). */
const junk = ({ issuers }: ScenarioContext) =>
  issuers.foreign.mint({ claims: { iss: `${issuers.churn.origin}/tenants/${randomUUID()}` } });

const MINUTE_MS = 60_000;
// The budget windows the app may have used between two moments (a second of slack each side,
// for a runtime whose clock moves only with I/O): the budget is per minute of the clock.
const windowsBetween = (start: number, end: number) =>
  Math.floor((end + 1000) / MINUTE_MS) - Math.floor((start - 1000) / MINUTE_MS) + 1;

async function expectOk(ctx: ScenarioContext, token: string, step: string) {
  const { status } = await ctx.send(get(token));
  if (status !== 200) throw new Error(`${step}: answered ${status}, not 200`);
}

// Sends 30 junk tokens one after another; throws unless each got 401 `invalid_token` (for
// an issuer that is none, or for the spent budget) and the churn origin was asked no more
// than the budget allows. Returns the number of budget refusals.
async function flood(ctx: ScenarioContext): Promise<number> {
  const { churn } = ctx.issuers;
  const hitsBefore = churn.hits();
  const startedAt = Date.now();
  const allowed = [invalidToken(ISSUER_REFUSED), invalidToken(BUDGET_SPENT)];
  let refusedByBudget = 0;
  for (let i = 0; i < 30; i += 1) {
    const answer = await ctx.send(get(await junk(ctx)));
    const challenge = answer.headers['www-authenticate'] ?? '';
    if (answer.status !== 401 || !allowed.includes(challenge)) {
      throw new Error(`junk token ${i}: answered ${answer.status} ${challenge}`);
    }
    if (challenge === allowed[1]) refusedByBudget += 1;
  }
  const hits = churn.hits() - hitsBefore;
  const bound = CHURN_BUDGET * windowsBetween(startedAt, Date.now());
  if (hits > bound) throw new Error(`the churn origin got ${hits} requests, over ${bound}`);
  if (refusedByBudget === 0) throw new Error('the budget never refused a junk token');
  return refusedByBudget;
}

/** The rows. */
export const CHURN_SCENARIOS: readonly Scenario[] = [
  {
    name: 'issuer churn: after a flood of never-seen tenants (each 401, never 503, the attacker hit within the budget), an established issuer still verifies without a refetch',
    request: async (ctx) => {
      const { second } = ctx.issuers;
      await expectOk(ctx, await second.mint(), 'the second issuer before the flood');
      const fetchesBefore = second.requests.discovery + second.requests.jwks;
      await flood(ctx);
      await expectOk(ctx, await second.mint(), 'the second issuer after the flood');
      const refetched = second.requests.discovery + second.requests.jwks - fetchesBefore;
      if (refetched !== 0) throw new Error(`the second issuer was fetched ${refetched} more times`);
      return get(await second.mint());
    },
    ...accepted('churn'),
  },
  {
    name: 'issuer churn: a never-seen tenant beyond the budget is 401 invalid_token, not 503',
    request: async (ctx) => {
      // Spend what is left of this minute's budget, then name a tenant that finds it spent.
      // The token repeated finds the same answer: its issuer waits out a backoff before
      // asking the budget again.
      for (let i = 0; i <= CHURN_BUDGET + 1; i += 1) {
        const token = await junk(ctx);
        const answer = await ctx.send(get(token));
        if (answer.headers['www-authenticate'] === invalidToken(BUDGET_SPENT)) return get(token);
      }
      throw new Error('the budget never refused a junk token');
    },
    ...refusedToken(BUDGET_SPENT),
  },
];
