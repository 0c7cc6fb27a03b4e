/**
 * A fleet of 1, 3 and 10 processes on one Redis, each a verifier with its own Redis
 * connections (a shared key cache, and a deny list on the revocation feed): issuer fetches
 * (discovery and JWKS, counted by the test issuer) for the first load and for a key
 * rotation, and Redis commands per request (counted by Redis itself).
 */
import { fileURLToPath } from 'node:url';
import { createTestIssuer, startRedisServer, type TestIssuer } from '@jwt-guard/testing';
import { createClient } from 'redis';
import { type Child, forkChild } from '../http/child.js';
import type { FleetInstanceSpec, VerifyAnswer, VerifyRequest } from './fleet-instance.js';

/** The fleet sizes measured. */
export const FLEET_SIZES = [1, 3, 10] as const;
const ENTRY = fileURLToPath(new URL('./fleet-instance.ts', import.meta.url));
/** Distinct tokens each process verifies, twice (first sight, then cached). */
export const FLEET_REQUESTS = 200;

/** What one fleet size cost. */
export interface FleetCounts {
  readonly instances: number;
  /** Issuer fetches while every instance, all at once, verifies its first token. */
  readonly firstLoad: IssuerFetches;
  /** Issuer fetches while every instance verifies a token signed by the rotated key. */
  readonly rotation: IssuerFetches;
  /** Redis commands per request, each token seen for the first time (a full verification). */
  readonly storeOpsPerFirstSight: number;
  /** Redis commands per request, the same tokens again (cached). */
  readonly storeOpsPerRequest: number;
  /**
   * Requests the deny list refused with 503 because its mirror could not vouch for being
   * current (a heartbeat late past `maxStalenessMs` on a loaded machine): fail-closed, by design.
   */
  readonly failedClosed: number;
}

const FAILED_CLOSED = 'ERR_REVOCATION_UNAVAILABLE';

/** Requests the test issuer served. */
export interface IssuerFetches {
  readonly discovery: number;
  readonly jwks: number;
}

/** The two commands the counts need, on a connection of the bench's own. */
interface Raw {
  info(section: string): Promise<string>;
  configResetStat(): Promise<unknown>;
}

/**
 * Commands served since the last CONFIG RESETSTAT, leaving out this counter's own and the
 * feed's heartbeat PINGs (one per instance every 250 ms, whatever the traffic).
 */
const NOT_PER_REQUEST = new Set(['info', 'config', 'ping']);

async function commandTotal(raw: Raw): Promise<number> {
  const info = await raw.info('commandstats');
  let total = 0;
  for (const match of info.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)) {
    if (!NOT_PER_REQUEST.has(match[1]!)) total += Number(match[2]);
  }
  return total;
}

/** What `issuer` serves while `run` runs, and the requests that failed closed meanwhile. */
async function fetchesDuring(issuer: TestIssuer, run: () => Promise<number>) {
  const { discovery, jwks } = issuer.requests;
  const failedClosed = await run();
  const fetches: IssuerFetches = {
    discovery: issuer.requests.discovery - discovery,
    jwks: issuer.requests.jwks - jwks,
  };
  return { fetches, failedClosed };
}

/**
 * Every instance verifies `tokens` at the same time; resolves, once all have answered, with
 * how many requests failed closed. Any other refusal of these valid tokens is an error.
 */
async function verifyEverywhere(fleet: readonly Child[], tokens: readonly string[]) {
  const request: VerifyRequest = { type: 'verify', tokens };
  const answers = await Promise.all(fleet.map((child) => child.ask<VerifyAnswer>(request)));
  let failedClosed = 0;
  for (const { refused } of answers) {
    for (const [code, count] of Object.entries(refused)) {
      if (code !== FAILED_CLOSED)
        throw new Error(`a fleet instance refused a valid token: ${code}`);
      failedClosed += count;
    }
  }
  return failedClosed;
}

/** Redis commands per request while every instance verifies `tokens`. */
async function opsPerRequest(raw: Raw, fleet: readonly Child[], tokens: readonly string[]) {
  await raw.configResetStat();
  const failedClosed = await verifyEverywhere(fleet, tokens);
  return { ops: (await commandTotal(raw)) / (fleet.length * tokens.length), failedClosed };
}

async function measureFleet(url: string, raw: Raw, size: number): Promise<FleetCounts> {
  const issuer = await createTestIssuer({ algorithms: ['ES256'] });
  const spec: FleetInstanceSpec = {
    url,
    prefix: `bench-fleet-${size}:`,
    issuer: issuer.issuer,
    audience: issuer.audience,
  };
  const fleet = Array.from({ length: size }, () => forkChild(ENTRY, [JSON.stringify(spec)]));
  try {
    await Promise.all(fleet.map((child) => child.ready));
    const first = await issuer.mint();
    const firstLoad = await fetchesDuring(issuer, () => verifyEverywhere(fleet, [first]));
    const tokens = await Promise.all(Array.from({ length: FLEET_REQUESTS }, () => issuer.mint()));
    const firstSight = await opsPerRequest(raw, fleet, tokens);
    const cached = await opsPerRequest(raw, fleet, tokens);
    await issuer.rotate();
    const rotated = await issuer.mint();
    const rotation = await fetchesDuring(issuer, () => verifyEverywhere(fleet, [rotated]));
    return {
      instances: size,
      firstLoad: firstLoad.fetches,
      rotation: rotation.fetches,
      storeOpsPerFirstSight: firstSight.ops,
      storeOpsPerRequest: cached.ops,
      failedClosed:
        firstLoad.failedClosed +
        firstSight.failedClosed +
        cached.failedClosed +
        rotation.failedClosed,
    };
  } finally {
    await Promise.all(fleet.map((child) => child.close()));
    await issuer.close();
  }
}

/**
 * Counts for each fleet size, on a redis-server of its own.
 *
 * @example
 * ```ts
 * const counts = await countFleets();
 * ```
 */
export async function countFleets(): Promise<FleetCounts[]> {
  const redis = await startRedisServer();
  const raw = createClient({ url: redis.url });
  raw.on('error', () => {});
  await raw.connect();
  try {
    const counts: FleetCounts[] = [];
    for (const size of FLEET_SIZES) counts.push(await measureFleet(redis.url, raw, size));
    return counts;
  } finally {
    raw.destroy();
    await redis.stop();
  }
}
