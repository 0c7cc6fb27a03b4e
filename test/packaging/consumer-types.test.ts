/**
 * The published declarations as a user compiles them (issue 19 §2.1): the packed
 * libraries installed into a fresh project, `tsc` on TypeScript 5 and 7 with strict,
 * exactOptionalPropertyTypes, noUncheckedIndexedAccess and skipLibCheck off, under node16
 * and bundler resolution, and for a Node-only project without the DOM lib.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConsumerProject,
  createConsumerProject,
  TYPESCRIPTS,
  type TypeScriptName,
} from './consumer-project.js';

const PROJECTS = ['tsconfig.node16.json', 'tsconfig.bundler.json', 'tsconfig.node-only.json'];
const MAJOR: Record<TypeScriptName, string> = { 'typescript-5': '5', 'typescript-7': '7' };

let project: ConsumerProject;

// Packing, and an install that is offline after the first run.
beforeAll(async () => {
  project = await createConsumerProject();
}, 300_000);
afterAll(() => project?.remove());

it('installs one @jwt-guard/core, the packed one, for every library', () => {
  const nested = ['express', 'koa', 'hono', 'next', 'fastify', 'nestjs', 'redis', 'otel'].filter(
    (name) =>
      existsSync(join(project.dir, 'node_modules/@jwt-guard', name, 'node_modules/@jwt-guard')),
  );
  expect(nested).toEqual([]);
});

describe.each(Object.keys(TYPESCRIPTS) as TypeScriptName[])('%s', (typescript) => {
  it('is the major release named', async () => {
    const { code, output } = await project.tsc(typescript, '--version');
    expect(code).toBe(0);
    expect(output).toMatch(new RegExp(`^Version ${MAJOR[typescript]}\\.`));
  });

  // One at a time: each compilation checks every declaration it reaches, ours and the
  // frameworks', and several at once only contend for the cores.
  it.each(PROJECTS)(
    'compiles the consumer project %s without a diagnostic',
    async (config) => {
      const { code, output } = await project.tsc(typescript, '-p', config);
      expect({ code, diagnostics: output.split('\n').filter(Boolean) }).toEqual({
        code: 0,
        diagnostics: [],
      });
    },
    120_000,
  );
});
