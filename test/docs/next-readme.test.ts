/**
 * `@jwt-guard/next`'s README against the examples the tests run: each Web-standard example
 * it shows (`Bun.serve`, `Deno.serve`, a SvelteKit/Astro endpoint) is the code of its file
 * in `examples/next/web/`, line for line and in order, so the README cannot drift from
 * what `test/edge/next-web-standard.test.ts` runs.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const read = (file: string) =>
  readFileSync(fileURLToPath(new URL(`../../${file}`, import.meta.url)), 'utf8');
const readme = read('packages/next/README.md');

/** The fenced block that follows the first mention of `file` in the README. */
function blockAfter(file: string): string[] {
  const at = readme.indexOf(`(\`${file}\`)`);
  expect(at).toBeGreaterThan(-1);
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(at))!;
  return block[1]!.split('\n').filter((line) => line.trim() !== '');
}

describe('packages/next/README.md', () => {
  it.each([
    'examples/next/web/bun-server.ts',
    'examples/next/web/deno-server.ts',
    'examples/next/web/sveltekit-endpoint.ts',
  ])('shows %s as it is', (file) => {
    const lines = read(file).split('\n');
    let from = 0;
    for (const line of blockAfter(file)) {
      const found = lines.indexOf(line, from);
      expect(found, `README line not in ${file}, in order: ${line}`).toBeGreaterThanOrEqual(0);
      from = found + 1;
    }
  });

  it('says where the auth boundary is, since CVE-2025-29927', () => {
    expect(readme).toContain('## Middleware and `proxy` are not the auth boundary');
    expect(readme).toContain('CVE-2025-29927');
  });
});
