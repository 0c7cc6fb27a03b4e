/**
 * Key rotation in a fleet of 3 issuer processes on one real redis-server, while verifiers
 * (`createAuthenticator`, by discovery through the fleet's front and by `jwksUri` on each
 * instance, with their real key-set caching) keep verifying tokens from all three.
 *
 * Rotation is driven by the test over HTTP, not by the schedule's minute timer (too slow
 * for a test, and a `now` seam cannot be shared by three processes): alternately what the
 * timer runs (the ring's due check) on all three instances at once, and `rotateKeys()` on
 * one of them. The
 * instances' clock is the real one plus an offset the test sets on all of them (and on
 * its verifiers) at once; it moves once, to step past the hour a retired key stays
 * published (the longest access-token life plus clock tolerance).
 */
import { InvalidTokenError, type JwtGuardError } from '@jwt-guard/core';
import { createRedisStore, type RedisStore } from '@jwt-guard/redis';
import { type RedisServer, startRedisServer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyRing, RingKey } from '../src/key-ring.js';
import type { RotationResult } from '../src/key-ring-store.js';
import { RING_KEY } from '../src/key-ring-store.js';
import {
  type FleetInstance,
  type FleetVerifier,
  fleetVerifier,
  type KeySetFetch,
  sleep,
  startFront,
  startInstance,
} from './fleet-harness.js';
import { kidOf, SECRET } from './helpers.js';

const PUBLISH_AHEAD_MS = 5_000;
// Due by the time the test steps the ring (publishAhead + 1 s after the last step).
const ROTATE_EVERY_MS = PUBLISH_AHEAD_MS + 500;
const REFRESH_EVERY_MS = 1_000;
// Event-loop delay allowed on a loaded machine between a store read and its use.
const SLACK_MS = 1_000;
// Verifiers cache key sets as long as the next key is published ahead (the defaults'
// relation); the JWKS's max-age (half of publishAhead) shortens that to 2 s.
const JWKS = { cacheMaxAge: PUBLISH_AHEAD_MS, cooldownDuration: 1_000 };

interface Issued {
  readonly token: string;
  readonly kid: string;
  readonly sentAt: number;
  readonly offset: number;
}

let redis: RedisServer;
let store: RedisStore;
let front: Awaited<ReturnType<typeof startFront>>;
const fleet: FleetInstance[] = [];
const clock = { offset: 0, now: () => Date.now() + clock.offset };

beforeAll(async () => {
  redis = await startRedisServer();
  store = createRedisStore({ url: redis.url });
  front = await startFront(() => fleet);
  const env = {
    REDIS_URL: redis.url,
    SECRET,
    ISSUER: front.url,
    PUBLISH_AHEAD_MS: String(PUBLISH_AHEAD_MS),
    ROTATE_EVERY_MS: String(ROTATE_EVERY_MS),
    REFRESH_EVERY_MS: String(REFRESH_EVERY_MS),
  };
  fleet.push(...(await Promise.all([0, 1, 2].map(() => startInstance(env)))));
}, 60_000);

afterAll(async () => {
  for (const instance of fleet) instance.child.kill();
  await front?.close();
  await store?.close();
  await redis?.stop();
});

const readRing = async (): Promise<KeyRing> => JSON.parse((await store.get(RING_KEY))!);
const keyIn = (ring: KeyRing, state: RingKey['state']) =>
  ring.keys.find((key) => key.state === state)!;

/** Issues and verifies from all three instances until stopped; every refusal is kept. */
function startLoad(verifiers: () => readonly FleetVerifier[], issued: Issued[]) {
  const refusals: Array<{ verifier: string; kid: string; code: string }> = [];
  const state = { stop: false, paused: false, round: 0 };
  let inFlight: Promise<void> = Promise.resolve();
  const verifyAll = async (entry: Issued) => {
    await Promise.all(
      verifiers().map((verifier) =>
        verifier.verify(entry.token).then(
          (sub) => expect(sub).toMatch(/^user-/),
          (error: JwtGuardError) => {
            refusals.push({ verifier: verifier.name, kid: entry.kid, code: error.code });
          },
        ),
      ),
    );
  };
  const round = async () => {
    state.round += 1;
    const sentAt = Date.now();
    const instance = fleet[state.round % fleet.length]!;
    const { accessToken } = await instance.post<{ accessToken: string }>(
      '/test/issue',
      `user-${state.round}`,
    );
    const entry = { token: accessToken, kid: kidOf(accessToken), sentAt, offset: clock.offset };
    issued.push(entry);
    // The new token, and an earlier one of this clock (perhaps of a key now retiring).
    const earlier = issued.filter((other) => other.offset === clock.offset);
    await verifyAll(entry);
    await verifyAll(earlier[(state.round * 7) % earlier.length]!);
  };
  const done = (async () => {
    while (!state.stop) {
      if (state.paused) await sleep(20);
      else {
        inFlight = round();
        await inFlight;
      }
    }
  })();
  return {
    refusals,
    state,
    verifyAll,
    pause: async () => {
      state.paused = true;
      await inFlight;
    },
    resume: () => {
      state.paused = false;
    },
    stop: async () => {
      state.stop = true;
      await done;
    },
  };
}

/**
 * Polls `instance` until it signs with `kid`: a token of the old key may only come from a
 * request sent within one ring read (refreshEvery) of the rotation.
 */
async function awaitSwitch(instance: FleetInstance, kid: string, rotatedAt: number) {
  for (;;) {
    const sentAt = Date.now();
    const { accessToken } = await instance.post<{ accessToken: string }>('/test/issue', 'user-p');
    if (kidOf(accessToken) === kid)
      return { token: accessToken, kid, sentAt, offset: clock.offset };
    expect(sentAt - rotatedAt).toBeLessThan(REFRESH_EVERY_MS + SLACK_MS);
    await sleep(100);
  }
}

describe('key rotation in a fleet of 3 processes on a real Redis', () => {
  it('never refuses a valid token across rotations, publishes each next key ahead, and drops a retired key', async () => {
    const issued: Issued[] = [];
    // One verifier by discovery through the front, one per instance by jwksUri.
    const verifiers = [
      fleetVerifier('discovery', { issuer: front.url, jwks: JWKS, now: clock.now }),
      ...fleet.map((instance, index) =>
        fleetVerifier(`jwksUri-${index}`, {
          issuer: front.url,
          jwksUri: `${instance.url}/.well-known/jwks.json`,
          jwks: JWKS,
          now: clock.now,
        }),
      ),
    ];
    // Its clock stays real when the fleet's jumps ahead: for it, an early token is still
    // within its life, so its refusal can only come from the key having left the set.
    const late = fleetVerifier('late', { issuer: front.url, jwks: JWKS, now: Date.now });

    await Promise.all(fleet.map((instance) => instance.publishedKids()));
    const first = await readRing();
    const firstKid = keyIn(first, 'current').kid;
    const load = startLoad(() => verifiers, issued);
    try {
      let publishedFrom = Date.now();
      const retired: string[] = [];

      // Steps 1 and 3: the scheduled check runs on all three at once, and once more after;
      // steps 2 and 4: one instance is told to rotate, the other two learn of it from the store.
      const steps: Array<'scheduled' | number> = ['scheduled', 1, 'scheduled', 2];
      for (const [index, step] of steps.entries()) {
        await sleep(PUBLISH_AHEAD_MS + 1_000 - (Date.now() - publishedFrom));
        const before = await readRing();
        const upcoming = keyIn(before, 'next').kid;
        const current = keyIn(before, 'current').kid;
        // The next key is on every instance's key set before it signs anything.
        for (const instance of fleet) expect(await instance.publishedKids()).toContain(upcoming);
        expect(issued.some((entry) => entry.kid === upcoming)).toBe(false);

        const results =
          step === 'scheduled'
            ? await Promise.all(fleet.map((i) => i.post<RotationResult | null>('/test/check-due')))
            : [await fleet[step]!.post<RotationResult>('/test/rotate')];
        const rotatedAt = Date.now();
        publishedFrom = rotatedAt;
        const winners = results.filter((result) => result?.rotated);
        expect(winners, `step ${index}`).toHaveLength(1);
        expect(winners[0]!.kid).toBe(upcoming);
        expect(winners[0]!.publishedForMs).toBeGreaterThanOrEqual(PUBLISH_AHEAD_MS);
        // A loser read the ring before the winner wrote it (its write refused) or after (no
        // longer due); a check after the step finds nothing due on any instance.
        for (const result of results) if (result) expect(result.kid).toBe(upcoming);
        if (step === 'scheduled') {
          for (const instance of fleet) expect(await instance.post('/test/check-due')).toBeNull();
        }
        const after = await readRing();
        expect(keyIn(after, 'current').kid).toBe(upcoming);
        expect(after.keys.filter((key) => key.state === 'next')).toHaveLength(1);
        expect(after.keys.find((key) => key.kid === current)?.state).toBe('retiring');
        retired.push(current);

        const switched = await Promise.all(
          fleet.map((instance) => awaitSwitch(instance, upcoming, rotatedAt)),
        );
        for (const entry of switched) await load.verifyAll(entry);
        issued.push(...switched);
      }

      // Each key that came in by rotation was in every verifier's key set before any token
      // carried its kid: no verifier needed a refetch for an unknown kid to accept it.
      const rotatedIn = [...new Set(issued.map((entry) => entry.kid))].filter(
        (k) => k !== firstKid,
      );
      expect(rotatedIn).toHaveLength(steps.length);
      for (const kid of rotatedIn) {
        const firstUse = Math.min(...issued.filter((e) => e.kid === kid).map((e) => e.sentAt));
        for (const verifier of verifiers) {
          expect(verifier.knewAt(kid), `${verifier.name} ${kid}`).toBeLessThan(firstUse);
        }
      }

      // Retirement: step past the hour the first key stays published.
      const early = issued.find((entry) => entry.kid === firstKid)!;
      const lastRetired = issued.find((entry) => entry.kid === retired.at(-1))!;
      expect(await late.verify(early.token)).toMatch(/^user-/);
      await load.pause();
      const ring = await readRing();
      const offset =
        ring.keys.find((key) => key.kid === firstKid)!.publishUntil! - Date.now() + 500;
      await Promise.all(fleet.map((instance) => instance.post('/test/clock', String(offset))));
      clock.offset = offset;
      const jumpedAt = Date.now();
      load.resume();

      for (const instance of fleet) {
        const kids = await instance.publishedKids();
        expect(kids).not.toContain(firstKid);
        expect(kids).toContain(retired.at(-1));
        expect(kids).toContain(keyIn(ring, 'current').kid);
        expect(kids).toContain(keyIn(ring, 'next').kid);
      }
      // Once `late` has refreshed its key set, the first key's token is refused as of an
      // unknown key, while a token of a key retired later still verifies.
      const refreshed = (entry: KeySetFetch) =>
        entry.at > jumpedAt && !entry.kids.includes(firstKid);
      while (!late.fetches.some(refreshed)) {
        expect(Date.now() - jumpedAt).toBeLessThan(15_000);
        expect(await late.verify(lastRetired.token)).toMatch(/^user-/);
        await sleep(200);
      }
      const refusal = await late.verify(early.token).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(InvalidTokenError);
      expect(refusal).toMatchObject({ code: 'ERR_KEY_NOT_FOUND' });
      expect(await late.verify(lastRetired.token)).toMatch(/^user-/);

      const roundsBeforeStop = load.state.round;
      while (load.state.round < roundsBeforeStop + 6) await sleep(50);
    } finally {
      await load.stop();
    }
    expect(load.refusals).toEqual([]);
    expect(issued.filter((entry) => entry.offset === clock.offset).length).toBeGreaterThanOrEqual(
      6,
    );
  }, 90_000);
});
