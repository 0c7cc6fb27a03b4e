/**
 * Profiles of refused floods against an accepted token, server by server (issue 24: a
 * target not met is closed with the profile that shows where the time goes). Each
 * framework's server with our middleware is profiled twice, each time in a fresh process:
 * under a flood of one refused kind, and under one valid token repeated (answered from the
 * token cache). Prints Markdown; the profiles are deleted afterwards.
 *
 *   node --import tsx src/profile/main.ts --frameworks=koa,hono,fastify --flood=missing --seconds=8
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestIssuer } from '@jwt-guard/testing';
import { REFUSAL_KINDS, type RefusalKind, refusalTokens } from '../http/refusals.js';
import type { Framework } from '../http/variants.js';
import { mintTokens } from '../tokens.js';
import { profileFlood } from './flood-profile.js';
import { compareProfiles, summariseProfile } from './summarise-profile.js';

const FRAMEWORKS: readonly Framework[] = ['express', 'koa', 'hono', 'fastify', 'nest'];

function option(name: string, fallback: string): string {
  const given = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  return given === undefined ? fallback : given.slice(name.length + 3);
}

const frameworks = option('frameworks', 'koa,hono,fastify').split(',') as Framework[];
const flood = option('flood', 'missing') as RefusalKind;
const seconds = Number(option('seconds', '8'));
const top = Number(option('top', '10'));
if (frameworks.some((name) => !FRAMEWORKS.includes(name))) {
  throw new TypeError(`--frameworks: one or more of ${FRAMEWORKS.join(', ')}`);
}
if (!REFUSAL_KINDS.includes(flood))
  throw new TypeError(`--flood: one of ${REFUSAL_KINDS.join(', ')}`);
if (!(seconds > 0)) throw new TypeError('--seconds: a positive number');

const issuer = await createTestIssuer({ algorithms: ['RS256'] });
const scratch = await mkdtemp(join(tmpdir(), 'jwt-guard-profile-'));
try {
  const target = { issuer: issuer.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri };
  const [accepted] = await mintTokens(issuer, 'RS256', 1);
  const refused = (await refusalTokens(issuer, 'RS256'))[flood][0];
  for (const framework of frameworks) {
    const common = { framework, auth: 'ours', target, seconds };
    const run = async (mode: 'refused' | 'accepted') => {
      const token = mode === 'refused' ? refused : accepted;
      const directory = join(scratch, `${framework}-${mode}`);
      const profile = await profileFlood({
        ...common,
        token,
        refused: mode === 'refused',
        directory,
      });
      return summariseProfile(profile.file, seconds, profile.requests);
    };
    const refusedSummary = await run('refused');
    const acceptedSummary = await run('accepted');
    console.log(`### ${framework}: ${flood} flood against an accepted token\n`);
    console.log(`${compareProfiles(refusedSummary, acceptedSummary, top)}\n`);
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
  await issuer.close();
}
