/**
 * A fetch-style framework's authenticator on any runtime: the Node reader where the runtime
 * lends an `IncomingMessage`, else the fetch reader; the background-work context read until
 * the runtime shows it lends none; options prepared once, now or on the first request.
 */
import { describe, expect, it } from 'vitest';
import type { WantedSources } from '../src/authenticator-plan.js';
import {
  type FetchStyleLifting,
  prepareFetchStyleAuthenticator,
} from '../src/fetch-style-request.js';
import type { TokenSources } from '../src/token/extract-token.js';

const OPTIONS = { issuer: 'https://id.example.com/', audience: 'https://api.example.com' };
const NOTHING: WantedSources = { formBody: false, cookie: false };
const URL_ = 'https://api.example.com/orders?x=1';

/** A framework request: a fetch `Request`, with what a runtime may lend beside it. */
interface Framework {
  readonly raw: Request;
  readonly incoming?: unknown;
  readonly executionContext?: () => { waitUntil(promise: Promise<unknown>): void };
}

const lifting: FetchStyleLifting<Framework> = {
  request: (request) => request.raw,
  incoming: (request) => request.incoming,
  executionContext: (request) => {
    if (!request.executionContext) throw new Error('This context has no ExecutionContext');
    return request.executionContext();
  },
};

const twoFields = new Headers([
  ['authorization', 'Bearer a'],
  ['authorization', 'Bearer b'],
]);
const nodeMessage = {
  rawHeaders: ['Authorization', 'Bearer a', 'Authorization', 'Bearer b'],
  headers: { authorization: 'Bearer a' },
  url: '/orders?x=1',
  method: 'GET',
};

describe('prepareFetchStyleAuthenticator', () => {
  it('reads the IncomingMessage the runtime lends, with every Authorization field in it', () => {
    const request: Framework = {
      raw: new Request(URL_, { headers: twoFields }),
      incoming: nodeMessage,
    };
    const plan = prepareFetchStyleAuthenticator(OPTIONS, lifting)(request);
    const sources = plan.read(request, NOTHING) as TokenSources;
    expect(sources.authorization).toEqual(['Bearer a', 'Bearer b']);
    expect(sources.query).toBe('/orders?x=1');
  });

  it('reads the fetch Request where no Node message is lent, or something else is', () => {
    const plan = prepareFetchStyleAuthenticator(OPTIONS, lifting);
    for (const incoming of [undefined, { rawHeaders: 'no' }, { rawHeaders: [] }]) {
      const request: Framework = { raw: new Request(URL_, { headers: twoFields }), incoming };
      const sources = plan(request).read(request, NOTHING) as TokenSources;
      expect(sources.authorization).toBe('Bearer a, Bearer b');
      expect(sources.query).toBe(URL_);
    }
  });

  it("lends the runtime's waitUntil", () => {
    const kept: Promise<unknown>[] = [];
    const onWorkers: Framework = {
      raw: new Request(URL_),
      executionContext: () => ({ waitUntil: (promise) => kept.push(promise) }),
    };
    const work = Promise.resolve();
    const plan = prepareFetchStyleAuthenticator(OPTIONS, lifting)(onWorkers);
    plan.contextOf?.(onWorkers)?.waitUntil?.(work);
    expect(kept).toEqual([work]);
  });

  it('stops asking for a context after the first request the runtime lends none', () => {
    let asked = 0;
    const counting: FetchStyleLifting<Framework> = {
      ...lifting,
      executionContext: (request) => {
        asked += 1;
        return lifting.executionContext!(request);
      },
    };
    const elsewhere: Framework = { raw: new Request(URL_) };
    const plan = prepareFetchStyleAuthenticator(OPTIONS, counting)(elsewhere);
    expect(plan.contextOf?.(elsewhere)).toBeUndefined();
    expect(plan.contextOf?.(elsewhere)).toBeUndefined();
    expect(asked).toBe(1);
  });

  it('prepares options given as a function once, on the first request, with that request', () => {
    const seen: Framework[] = [];
    const planOf = prepareFetchStyleAuthenticator((request: Framework) => {
      seen.push(request);
      return OPTIONS;
    }, lifting);
    expect(seen).toEqual([]);
    const first: Framework = { raw: new Request(URL_) };
    const plan = planOf(first);
    expect(planOf({ raw: new Request(URL_) })).toBe(plan);
    expect(seen).toEqual([first]);
  });

  it('checks options given as they are at once: a TypeError names the bad one', () => {
    expect(() =>
      prepareFetchStyleAuthenticator({ ...OPTIONS, audience: 42 } as never, lifting),
    ).toThrow(/audience/);
  });
});
