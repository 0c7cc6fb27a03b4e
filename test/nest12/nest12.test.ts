/**
 * A smoke set on NestJS 12 (the package's peer range is `^11 || ^12`; the tables run on
 * 11): the built package in a Nest 12 app on both platforms, in a Node 22 process whose
 * module hooks load 12 (installed under npm aliases beside 11) for every `@nestjs/*` name.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTestIssuer } from '@jwt-guard/testing';
import { expect, it } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));
const require = createRequire(join(here, '..', 'package.json'));
// Node 22 from the registry (module.registerHooks, which reaches require(), is 22.15+).
const node22 = join(dirname(require.resolve('node/package.json')), 'bin', 'node');

it('guards, answers refusals ahead of a catch-all filter, and injects by type on Nest 12', async () => {
  const issuer = await createTestIssuer();
  try {
    const tokens = {
      reader: await issuer.mint({ claims: { sub: 'nest-12', scope: 'read:orders' } }),
      profile: await issuer.mint({ claims: { scope: 'profile' } }),
    };
    const input = JSON.stringify({ issuer: issuer.issuer, audience: issuer.audience, tokens });
    const { stdout } = await promisify(execFile)(
      node22,
      ['--import', './hooks.mjs', 'smoke-app.mjs', input],
      { cwd: here, timeout: 60_000 },
    );
    const seen = JSON.parse(stdout);
    expect(seen.core).toMatch(/^12\./);
    const scope = 'Bearer realm="api", error="insufficient_scope"';
    for (const platform of ['express', 'fastify']) {
      expect(seen[platform]).toEqual({
        public: { status: 200, challenge: null, body: '{"open":true}' },
        missing: {
          status: 401,
          challenge: 'Bearer realm="api"',
          body: 'Authentication is required',
        },
        me: { status: 200, challenge: null, body: '{"sub":"nest-12"}' },
        noScope: {
          status: 403,
          challenge: expect.stringContaining(scope),
          body: 'The access token lacks a required scope',
        },
        orders: { status: 200, challenge: null, body: '{"orders":[]}' },
      });
    }
  } finally {
    await issuer.close();
  }
}, 90_000);
