/**
 * Profiles behind the HTTP targets not met (issue 24: a target not met is closed with the
 * profile that shows where the time goes). Each framework's server is profiled twice, each
 * time in a fresh process, and the two are compared (`--compare=`):
 * - `flood` (default): ours under a flood of one refused kind (`--flood=`), against ours
 *   with one valid token repeated (answered from the token cache);
 * - `pool`: ours with 10,000 distinct valid tokens (each cached by the warm-up), against ours
 *   with one;
 * - `noop`: ours with one valid token, against the no-op middleware (reads the header, sets
 *   a variable) with the same token;
 * - `same`: the no-op middleware against itself in a second process, the control: how far
 *   two identical servers' profiles differ, which a difference above must exceed to count.
 *
 * Prints Markdown; the profiles are deleted afterwards.
 *
 *   node --import tsx src/profile/main.ts --frameworks=koa,hono,fastify --flood=missing --seconds=8
 *   node --import tsx src/profile/main.ts --compare=pool --frameworks=koa,hono,fastify
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestIssuer } from '@jwt-guard/testing';
import { REFUSAL_KINDS, type RefusalKind, refusalTokens } from '../http/refusals.js';
import type { Framework } from '../http/variants.js';
import { mintTokens } from '../tokens.js';
import { profileFlood } from './flood-profile.js';
import { type ComparedLabels, compareProfiles, summariseProfile } from './summarise-profile.js';

const FRAMEWORKS: readonly Framework[] = ['express', 'koa', 'hono', 'fastify', 'nest'];
const COMPARISONS = ['flood', 'pool', 'noop', 'same'] as const;
type Comparison = (typeof COMPARISONS)[number];
// As in the bench's HTTP phase (`config.http.poolSize`).
const POOL_SIZE = 10_000;

function option(name: string, fallback: string): string {
  const given = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  return given === undefined ? fallback : given.slice(name.length + 3);
}

const frameworks = option('frameworks', 'koa,hono,fastify').split(',') as Framework[];
const compare = option('compare', 'flood') as Comparison;
const flood = option('flood', 'missing') as RefusalKind;
const seconds = Number(option('seconds', '8'));
const top = Number(option('top', '10'));
if (frameworks.some((name) => !FRAMEWORKS.includes(name))) {
  throw new TypeError(`--frameworks: one or more of ${FRAMEWORKS.join(', ')}`);
}
if (!COMPARISONS.includes(compare))
  throw new TypeError(`--compare: one of ${COMPARISONS.join(', ')}`);
if (!REFUSAL_KINDS.includes(flood))
  throw new TypeError(`--flood: one of ${REFUSAL_KINDS.join(', ')}`);
if (!(seconds > 0)) throw new TypeError('--seconds: a positive number');

/** One side of a comparison: the server variant, what it is sent, and whether it refuses. */
interface Traffic {
  readonly auth: string;
  readonly tokens: readonly string[];
  readonly refused: boolean;
}

const issuer = await createTestIssuer({ algorithms: ['RS256'] });
const scratch = await mkdtemp(join(tmpdir(), 'jwt-guard-profile-'));
try {
  const target = { issuer: issuer.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri };
  const pool = await mintTokens(issuer, 'RS256', compare === 'pool' ? POOL_SIZE : 1);
  const oneToken: Traffic = { auth: 'ours', tokens: pool.slice(0, 1), refused: false };
  const sides = async (): Promise<[Traffic, Traffic, ComparedLabels, string]> => {
    if (compare === 'pool') {
      const labels = { measured: `pool of ${POOL_SIZE}`, baseline: 'one token' };
      return [{ ...oneToken, tokens: pool }, oneToken, labels, 'a pool against one token'];
    }
    if (compare === 'same') {
      const noop = { ...oneToken, auth: 'noop' };
      const labels = { measured: 'no-op, one process', baseline: 'no-op, another' };
      return [noop, noop, labels, 'the no-op against itself (control)'];
    }
    if (compare === 'noop') {
      const labels = { measured: 'ours', baseline: 'no-op middleware' };
      return [oneToken, { ...oneToken, auth: 'noop' }, labels, 'ours against the no-op'];
    }
    const refused = (await refusalTokens(issuer, 'RS256'))[flood];
    const tokens = refused[0] === undefined ? [] : [refused[0]];
    return [
      { auth: 'ours', tokens, refused: true },
      oneToken,
      { measured: 'refused (flood)', baseline: 'accepted (cached token)' },
      `${flood} flood against an accepted token`,
    ];
  };
  const [measured, baseline, labels, title] = await sides();
  for (const framework of frameworks) {
    const run = async (traffic: Traffic, name: string) => {
      const directory = join(scratch, `${framework}-${name}`);
      const profile = await profileFlood({ framework, target, seconds, directory, ...traffic });
      return summariseProfile(profile.file, seconds, profile.requests);
    };
    const measuredSummary = await run(measured, 'measured');
    const baselineSummary = await run(baseline, 'baseline');
    console.log(`### ${framework}: ${title}\n`);
    console.log(`${compareProfiles(measuredSummary, baselineSummary, top, labels)}\n`);
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
  await issuer.close();
}
