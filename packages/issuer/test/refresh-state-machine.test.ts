/**
 * The refresh-token rotation state machine under fast-check: random interleavings of
 * refresh, reuse of older tokens, revoke, time passing past the grace, the idle and the
 * absolute lifetime, and concurrent refreshes, over a fake clock and a store that records
 * every value written. Each answer is checked against a model of the rules (RFC 9700
 * §4.14.2), and the invariants hold after every step.
 */
import fc from 'fast-check';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { type IssuedTokens, IssuerError } from '../src/index.js';
import { fakeClock, issuerOn } from './helpers.js';
import { recordingStore } from './recording-store.js';

const GRACE = 10_000;
const IDLE = 86_400_000;
const ABSOLUTE = 7 * IDLE;
const REMEMBERED = 32;

type Command =
  | { readonly kind: 'refresh'; readonly back: number }
  | { readonly kind: 'concurrent'; readonly count: number }
  | { readonly kind: 'revoke'; readonly back: number }
  | { readonly kind: 'wait'; readonly ms: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('refresh' as const), back: fc.nat(3) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('concurrent' as const),
      count: fc.integer({ min: 2, max: 4 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('revoke' as const), back: fc.nat(3) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('wait' as const),
      ms: fc.constantFrom(1_000, GRACE, GRACE + 1, 3_600_000, IDLE + 1, ABSOLUTE),
    }),
  },
);

type Expected = 'rotate' | 'grace' | 'reuse' | 'invalid';

/** The model: one family's line of tokens and what presenting one of them must do. */
function model(start: number) {
  const chain: string[] = [];
  const state = { revoked: false, lastUsedAt: start, rotatedAt: start, createdAt: start };
  return {
    chain,
    state,
    expect(back: number, now: number): Expected {
      const last = chain.length - 1;
      const index = last - back;
      if (state.revoked || now >= state.createdAt + ABSOLUTE) return 'invalid';
      if (index === last) return now - state.lastUsedAt > IDLE ? 'invalid' : 'rotate';
      if (index === last - 1) return now - state.rotatedAt <= GRACE ? 'grace' : 'reuse';
      return index >= last - 1 - REMEMBERED && index >= 0 ? 'reuse' : 'invalid';
    },
  };
}

async function outcome(call: Promise<IssuedTokens>) {
  try {
    return { ok: await call };
  } catch (error) {
    expect(error).toBeInstanceOf(IssuerError);
    return { code: (error as IssuerError).code };
  }
}

async function run(commands: readonly Command[]) {
  const clock = fakeClock(Date.now());
  const { store, written } = recordingStore();
  const tokens = issuerOn(store, {
    now: clock.now,
    refreshToken: { idleTtl: IDLE, absoluteTtl: ABSOLUTE, reuseGrace: GRACE },
  });
  const bystander = await tokens.issue({ sub: 'bob' });
  const first = await tokens.issue({ sub: 'alice', scope: 'read' });
  const family = model(clock.now());
  family.chain.push(first.refreshToken);
  const accessTokens = [first.accessToken];
  const everyToken = [bystander.refreshToken, first.refreshToken];

  const deniedAll = async () => {
    for (const token of accessTokens) {
      const payload = decodeJwt(token);
      if (payload.exp! * 1000 > clock.now()) expect(await tokens.isRevoked(payload)).toBe(true);
    }
  };

  for (const step of commands) {
    const now = clock.now();
    if (step.kind === 'wait') {
      clock.advance(step.ms);
    } else if (step.kind === 'revoke') {
      const index = family.chain.length - 1 - step.back;
      if (index < 0) continue;
      await tokens.revoke(family.chain[index]!);
      if (index >= family.chain.length - 2 - REMEMBERED) family.state.revoked = true;
      await deniedAll();
    } else if (step.kind === 'concurrent') {
      const expected = family.expect(0, now);
      const latest = family.chain.at(-1)!;
      const results = await Promise.all(
        Array.from({ length: step.count }, () => outcome(tokens.refresh(latest))),
      );
      if (expected === 'rotate') {
        // Never two independent successors: every caller gets the one successor.
        const successors = new Set(results.map((r) => r.ok?.refreshToken));
        expect(successors.size).toBe(1);
        const [successor] = successors;
        expect(successor).toBeDefined();
        expect(everyToken).not.toContain(successor);
        family.chain.push(successor!);
        everyToken.push(successor!);
        family.state.lastUsedAt = now;
        family.state.rotatedAt = now;
        for (const r of results) accessTokens.push(r.ok!.accessToken);
      } else {
        for (const r of results) expect(r.code).toBe('ERR_REFRESH_TOKEN_INVALID');
      }
    } else {
      const index = family.chain.length - 1 - step.back;
      if (index < 0) continue;
      const expected = family.expect(step.back, now);
      const result = await outcome(tokens.refresh(family.chain[index]!));
      if (expected === 'rotate') {
        const successor = result.ok!.refreshToken;
        expect(everyToken).not.toContain(successor);
        family.chain.push(successor);
        everyToken.push(successor);
        family.state.lastUsedAt = now;
        family.state.rotatedAt = now;
        accessTokens.push(result.ok!.accessToken);
      } else if (expected === 'grace') {
        // Within the grace the predecessor yields that same live token, no fork.
        expect(result.ok?.refreshToken).toBe(family.chain.at(-1));
        accessTokens.push(result.ok!.accessToken);
      } else if (expected === 'reuse') {
        expect(result.code).toBe('ERR_REFRESH_TOKEN_REUSED');
        family.state.revoked = true;
        await deniedAll();
      } else {
        expect(result.code).toBe('ERR_REFRESH_TOKEN_INVALID');
      }
    }
    // No raw refresh token (not even its secret half) is ever written to the store.
    const secrets = everyToken.map((token) => token.split('.')[1]!);
    for (const value of written) for (const secret of secrets) expect(value).not.toContain(secret);
  }
  // Another subject's family is never touched by this one's reuse or revocation.
  expect(await tokens.isRevoked(decodeJwt(bystander.accessToken))).toBe(false);
}

describe('the refresh-token rotation state machine', () => {
  it('keeps one live token per family, revokes on reuse, stores no raw token', async () => {
    await fc.assert(fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 25 }), run), {
      numRuns: 60,
    });
  }, 120_000);
});
